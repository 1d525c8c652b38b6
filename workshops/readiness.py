"""What workshops tell the programme's readiness dashboard and go-live checklist."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.utils import timezone

from programme.models import PilotSite
from programme.navigation import NavItem
from programme.navigation import register as register_nav
from programme.readiness import (
    ChecklistItem,
    Indicator,
    IndicatorValue,
    register_checklist_item,
    register_indicator,
)

from .briefing import PackSection, register_section
from .models import Workshop, WorkshopStatus
from .pack_policies import open_policies


def workshops_indicator(sites: Sequence[PilotSite]) -> dict[int, IndicatorValue]:
    now = timezone.now()
    counts = {
        row["site"]: row
        for row in Workshop.objects.filter(site__in=sites)
        .values("site")
        .annotate(
            held=Count(
                "pk",
                filter=Q(status=WorkshopStatus.HELD)
                | Q(status=WorkshopStatus.PUBLISHED, ends_at__lt=now),
            ),
            planned=Count("pk", filter=Q(status=WorkshopStatus.PUBLISHED, ends_at__gte=now)),
        )
    }
    values = {}
    for site in sites:
        row = counts.get(site.pk, {"held": 0, "planned": 0})
        status = "good" if row["held"] else "partial" if row["planned"] else "gap"
        values[site.pk] = IndicatorValue(f"{row['held']} held, {row['planned']} planned", status)
    return values


def workshop_held(site: PilotSite) -> bool:
    return Workshop.objects.filter(site=site, status=WorkshopStatus.HELD).exists()


def register_entries() -> None:
    from programme.demo import register_seeder

    from . import demo

    register_seeder("workshops", 20, demo.seed)
    register_section(PackSection("policies", 50, open_policies))
    register_nav(NavItem("Workshops", "workshops:list", 20, lambda user: True))
    register_indicator(Indicator("workshops", "Workshops", 20, workshops_indicator))
    register_checklist_item(
        ChecklistItem("workshop_held", "At least one workshop held", 20, workshop_held)
    )
