"""How ambassadors plug into the programme and workshops (see `programme.hooks`)."""

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


@hooks.navigation.register
def navigation() -> list[NavItem]:
    return [
        NavItem("Ambassadors", "ambassadors:board", 40, can_see_pipeline),
        NavItem("Become an ambassador", "ambassadors:apply", 41, may_apply),
        NavItem("My ambassador page", "ambassadors:onboarding", 42, _has_own_page),
    ]


@hooks.readiness_indicators.register
def indicators() -> list[Indicator]:
    return [Indicator("ambassadors", "Ambassadors", 10, readiness.ambassadors_indicator)]


@hooks.go_live_checklist.register
def checklist() -> list[ChecklistItem]:
    return [ChecklistItem("ambassadors", "Ambassadors active", 40, readiness.ambassadors_active)]


@hooks.demo_data.register
def demo_data(sites: dict[str, PilotSite], users: dict[str, User]) -> str:
    demo.seed(sites, users)
    return "ambassadors"


hooks.attendance_marked.register(services.induction_attended)
hooks.ambassador_may_moderate.register(services.may_moderate_now)
hooks.periodic_jobs.register(tasks.periodic_jobs)
hooks.personal_data.register(services.personal_data)
hooks.personal_data_stores.register(services.stores)

hooks.account_summary.register(account.parts)
