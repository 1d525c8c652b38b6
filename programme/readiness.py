"""What the readiness dashboard and the go-live checklist show, filled by every app.

`programme` cannot import the apps above it, so each app adds its own indicators and
checklist items through the `readiness_indicators` and `go_live_checklist` hooks; the
dashboard shows whatever they return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Max

from programme.platform.text import plural

from . import hooks
from .models import AuditCategory, AuditEntry, BuildStage, PilotSite, Relationship
from .reach_report import arrivals_by_site


@dataclass(frozen=True)
class IndicatorValue:
    text: str
    # "good", "partial" or "gap": drives the badge, and the words say the same for screen readers
    status: str
    detail: str = ""

    @property
    def is_good(self) -> bool:
        return self.status == "good"

    @property
    def is_partial(self) -> bool:
        return self.status == "partial"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    order: int
    # Computes the value for many sites at once, so the dashboard's queries do not grow with sites.
    compute: Callable[[Sequence[PilotSite]], dict[int, IndicatorValue]]


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    order: int
    is_met: Callable[[PilotSite], bool]


@dataclass(frozen=True)
class ChecklistResult:
    key: str
    label: str
    met: bool


def indicators() -> list[Indicator]:
    return sorted(hooks.readiness_indicators.collect(), key=lambda i: i.order)


def checklist() -> list[ChecklistItem]:
    return sorted(hooks.go_live_checklist.collect(), key=lambda i: i.order)


def evaluate_checklist(site: PilotSite) -> list[ChecklistResult]:
    return [ChecklistResult(item.key, item.label, item.is_met(site)) for item in checklist()]


def indicator_values(sites: Sequence[PilotSite]) -> dict[int, dict[str, IndicatorValue]]:
    """{site id: {indicator key: value}} for every registered indicator."""
    values: dict[int, dict[str, IndicatorValue]] = {site.pk: {} for site in sites}
    for indicator in indicators():
        for site_id, value in indicator.compute(sites).items():
            values[site_id][indicator.key] = value
    return values


# programme's own entries ----------------------------------------------------


def audit_coverage(sites: Sequence[PilotSite]) -> dict[int, IndicatorValue]:
    strongest = {
        (row["site"], row["category"]): row["strongest"]
        for row in AuditEntry.objects.filter(site__in=sites)
        .values("site", "category")
        .annotate(strongest=Max("relationship"))
    }
    values = {}
    total = len(AuditCategory)
    for site in sites:
        covered = sum(
            1
            for category in AuditCategory
            if strongest.get((site.pk, category.value), 0) > Relationship.NONE
        )
        status = "good" if covered == total else "partial" if covered else "gap"
        values[site.pk] = IndicatorValue(
            f"{covered} of {total} categories", status, "with a relationship"
        )
    return values


def reach(sites: Sequence[PilotSite]) -> dict[int, IndicatorValue]:
    """Arrivals from outside and taking part over the last four weeks (programme/reach.py)."""
    values = {}
    for site_id, (arrived, took_part) in arrivals_by_site(sites, weeks=4).items():
        status = "good" if arrived and took_part else "partial" if arrived else "gap"
        values[site_id] = IndicatorValue(
            f"{plural(arrived, 'arrival')}, {took_part} took part",
            status,
            "in the last 4 weeks",
        )
    return values


def content_ready(site: PilotSite) -> bool:
    return site.build_stage in (BuildStage.CONTENT_READY, BuildStage.LIVE)
