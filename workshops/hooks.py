"""How workshops plug into the programme (see `programme.hooks`)."""

from __future__ import annotations

from django.urls import ResolverMatch

from programme import hooks
from programme.models import PilotSite, User
from programme.navigation import NavItem
from programme.readiness import ChecklistItem, Indicator

from . import account, demo, personal_data, readiness, sharing, tasks
from .models import Workshop


@hooks.navigation.register
def navigation() -> list[NavItem]:
    return [NavItem("Workshops", "workshops:list", 20, lambda user: True)]


@hooks.readiness_indicators.register
def indicators() -> list[Indicator]:
    return [Indicator("workshops", "Workshops", 20, readiness.workshops_indicator)]


@hooks.go_live_checklist.register
def checklist() -> list[ChecklistItem]:
    return [
        ChecklistItem("workshop_held", "At least one workshop held", 20, readiness.workshop_held)
    ]


@hooks.demo_data.register
def demo_data(sites: dict[str, PilotSite], users: dict[str, User]) -> str:
    demo.seed(sites, users)
    return "workshops"


hooks.periodic_jobs.register(tasks.periodic_jobs)
hooks.personal_data.register(personal_data.personal_data)
hooks.account_closing.register(personal_data.account_closing)
hooks.personal_data_stores.register(personal_data.stores)


@hooks.site_of_address.register
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


hooks.account_summary.register(account.parts)
hooks.shareable.register(sharing.shareable)
