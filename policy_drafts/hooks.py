"""How policy drafts plug into the programme (see `programme.hooks`)."""

from __future__ import annotations

from django.urls import ResolverMatch

from programme import hooks
from programme.account import Part
from programme.models import PilotSite, User
from programme.navigation import NavItem
from programme.readiness import ChecklistItem, Indicator

from . import demo, personal_data, readiness, sharing, tasks
from .models import PolicyDraft


@hooks.navigation.register
def navigation() -> list[NavItem]:
    return [NavItem("Policies", "policy_drafts:list", 30, lambda user: True)]


@hooks.readiness_indicators.register
def indicators() -> list[Indicator]:
    return [Indicator("policy", "Social web policy", 30, readiness.policy_indicator)]


@hooks.go_live_checklist.register
def checklist() -> list[ChecklistItem]:
    return [
        ChecklistItem(
            "policy",
            "The social web policy is open for comment or adopted",
            30,
            readiness.policy_open_or_adopted,
        )
    ]


@hooks.demo_data.register
def demo_data(sites: dict[str, PilotSite], users: dict[str, User]) -> str:
    demo.seed(sites, users)
    return "the social web policy"


hooks.personal_data.register(personal_data.personal_data)
hooks.personal_data_stores.register(personal_data.stores)
hooks.periodic_jobs.register(tasks.periodic_jobs)


@hooks.site_of_address.register
def site_of_address(match: ResolverMatch) -> PilotSite | None:
    """A consultation's pages belong to the draft's site (None for a programme-wide draft)."""
    if match.namespace != "policy_drafts":
        return None
    if "slug" in match.kwargs:
        draft = PolicyDraft.objects.filter(slug=match.kwargs["slug"])
    elif "pk" in match.kwargs:
        draft = PolicyDraft.objects.filter(versions__sections__comments__pk=match.kwargs["pk"])
    else:
        return None
    found = draft.select_related("site").first()
    return found.site if found is not None else None


@hooks.account_summary.register
def account_summary(user: User) -> list[Part]:
    """The person's comments on consultations, for their account page."""
    from .account import parts

    return list(parts(user))


hooks.shareable.register(sharing.shareable)
