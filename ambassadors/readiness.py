"""What ambassadors tell the programme: active ambassadors against each site's target."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count

from programme import permissions as programme_permissions
from programme.models import PilotSite, Role
from programme.navigation import NavItem
from programme.navigation import register as register_nav
from programme.permissions import register_ambassador_gate
from programme.readiness import (
    ChecklistItem,
    Indicator,
    IndicatorValue,
    register_checklist_item,
    register_indicator,
)
from workshops import hooks

from .models import Application, Stage
from .permissions import can_see_pipeline


def ambassadors_indicator(sites: Sequence[PilotSite]) -> dict[int, IndicatorValue]:
    active = dict(
        Application.objects.filter(site__in=sites, stage=Stage.ACTIVE)
        .values_list("site")
        .annotate(n=Count("pk"))
    )
    values = {}
    for site in sites:
        count = active.get(site.pk, 0)
        status = "good" if count >= site.ambassador_target else "partial" if count else "gap"
        values[site.pk] = IndicatorValue(f"{count} of {site.ambassador_target}", status, "active")
    return values


def ambassadors_active(site: PilotSite) -> bool:
    return Application.objects.filter(site=site, stage=Stage.ACTIVE).exists()


def register_entries() -> None:
    from programme.demo import register_seeder

    from . import demo, services

    register_nav(NavItem("Ambassadors", "ambassadors:board", 40, _sees_pipeline))
    register_nav(NavItem("Become an ambassador", "ambassadors:apply", 41, _may_apply))
    register_nav(NavItem("My ambassador page", "ambassadors:onboarding", 42, _is_ambassador))
    register_indicator(Indicator("ambassadors", "Ambassadors", 10, ambassadors_indicator))
    register_checklist_item(
        ChecklistItem("ambassadors", "Ambassadors active", 40, ambassadors_active)
    )
    register_seeder("ambassadors", 30, demo.seed)
    hooks.on_attendance(services.induction_attended)
    register_ambassador_gate(services.may_moderate_now)


def _sees_pipeline(user: programme_permissions.AnyUser) -> bool:
    return can_see_pipeline(user)


def _is_ambassador(user: programme_permissions.AnyUser) -> bool:
    return programme_permissions.has_role(user, Role.AMBASSADOR)


def _may_apply(user: programme_permissions.AnyUser) -> bool:
    return not (_sees_pipeline(user) or _is_ambassador(user))
