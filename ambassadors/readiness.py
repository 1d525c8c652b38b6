"""What ambassadors tell the programme: active ambassadors against each site's target
(added through `ambassadors.hooks`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count

from programme.models import PilotSite
from programme.readiness import IndicatorValue

from .models import Application, Stage


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
