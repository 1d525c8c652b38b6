"""How workshops plug into the programme (see `programme.hooks.HOOKS`)."""

from __future__ import annotations

from django.urls import ResolverMatch

from programme import hooks
from programme.models import PilotSite, User
from programme.navigation import NavItem
from programme.readiness import ChecklistItem, Indicator

from . import account, demo, personal_data, readiness, sharing, tasks
from .models import Workshop


@hooks.register("navigation")
def navigation() -> list[NavItem]:
    return [NavItem("Workshops", "workshops:list", 20, lambda user: True)]


@hooks.register("readiness_indicators")
def indicators() -> list[Indicator]:
    return [Indicator("workshops", "Workshops", 20, readiness.workshops_indicator)]


@hooks.register("go_live_checklist")
def checklist() -> list[ChecklistItem]:
    return [
        ChecklistItem("workshop_held", "At least one workshop held", 20, readiness.workshop_held)
    ]


@hooks.register("demo_data")
def demo_data(sites: dict[str, PilotSite], users: dict[str, User]) -> str:
    demo.seed(sites, users)
    return "workshops"


hooks.register("periodic_jobs", tasks.periodic_jobs)
hooks.register("personal_data", personal_data.personal_data)
hooks.register("account_closing", personal_data.account_closing)
hooks.register("personal_data_stores", personal_data.stores)


@hooks.register("site_of_address")
def site_of_address(match: ResolverMatch) -> PilotSite | None:
    """A workshop's pages, and a place's, belong to the workshop's site."""
    if match.namespace != "workshops":
        return None
    if "slug" in match.kwargs:
        workshop = Workshop.objects.filter(slug=match.kwargs["slug"]).select_related("site")
    elif "token" in match.kwargs and match.url_name in ("registration", "confirm_guest"):
        workshop = Workshop.objects.filter(
            registrations__manage_token=match.kwargs["token"]
        ).select_related("site")
    else:
        return None
    found = workshop.first()
    return found.site if found is not None else None


hooks.register("account_summary", account.parts)
hooks.register("shareable", sharing.shareable)
