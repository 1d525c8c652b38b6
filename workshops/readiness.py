"""What workshops tell the programme's readiness dashboard and go-live checklist (added
through `workshops.hooks`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.utils import timezone

from programme.models import PilotSite
from programme.readiness import IndicatorValue

from .models import Workshop, WorkshopStatus


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
