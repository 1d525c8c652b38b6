"""How ambassadors plug into the programme and workshops (see `programme.hooks.HOOKS`)."""

from __future__ import annotations

from programme import hooks
from programme import permissions as programme_permissions
from programme.models import PilotSite, Role, User
from programme.navigation import NavItem
from programme.readiness import ChecklistItem, Indicator

from . import account, demo, readiness, services, tasks
from .permissions import can_see_pipeline, has_application_in_progress, may_apply


def _has_own_page(user: programme_permissions.AnyUser) -> bool:
    """Ambassadors, and applicants whose application is under way (their checklist is there)."""
    return programme_permissions.has_role(user, Role.AMBASSADOR) or has_application_in_progress(
        user
    )


@hooks.register("navigation")
def navigation() -> list[NavItem]:
    return [
        NavItem("Ambassadors", "ambassadors:board", 40, can_see_pipeline),
        NavItem("Become an ambassador", "ambassadors:apply", 41, may_apply),
        NavItem("My ambassador page", "ambassadors:onboarding", 42, _has_own_page),
    ]


@hooks.register("readiness_indicators")
def indicators() -> list[Indicator]:
    return [Indicator("ambassadors", "Ambassadors", 10, readiness.ambassadors_indicator)]


@hooks.register("go_live_checklist")
def checklist() -> list[ChecklistItem]:
    return [ChecklistItem("ambassadors", "Ambassadors active", 40, readiness.ambassadors_active)]


@hooks.register("demo_data")
def demo_data(sites: dict[str, PilotSite], users: dict[str, User]) -> str:
    demo.seed(sites, users)
    return "ambassadors"


hooks.register("attendance_marked", services.induction_attended)
hooks.register("ambassador_may_moderate", services.may_moderate_now)
hooks.register("periodic_jobs", tasks.periodic_jobs)
hooks.register("personal_data", services.personal_data)
hooks.register("personal_data_stores", services.stores)

hooks.register("account_summary", account.parts)
