"""Reads for the pipeline board, the table, an application, and the funnel."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from programme.models import ModerationDecision, PilotSite, ShareCode, User
from programme.platform.text import plural

from .models import (
    Application,
    EqualityMonitoring,
    OnboardingStep,
    Reference,
    Stage,
    StageChange,
)
from .models.applications import CLOSED_STAGES, PIPELINE, ApplicationQuerySet


def for_listing(applications: ApplicationQuerySet) -> ApplicationQuerySet:
    return (
        applications.select_related("site")
        .prefetch_related("tasks")
        .annotate(
            references_in=Count(
                "references", filter=Q(references__received_at__isnull=False), distinct=True
            )
        )
    )


# Cards per column on the board: the longest waiting; the table lists the rest.
BOARD_CARDS = 5


@dataclass
class BoardColumn:
    stage: Stage
    applications: list[Application]
    count: int  # all the applications at this stage, shown or not


def board(applications: ApplicationQuerySet) -> list[BoardColumn]:
    """Each stage's longest-waiting applications (at most BOARD_CARDS) and how many there are,
    in a fixed number of queries whatever the number of applications."""
    open_ones = applications.not_anonymised()
    counts = dict(open_ones.values_list("stage").annotate(n=Count("pk")).order_by())
    waiting = Window(
        RowNumber(), partition_by=F("stage"), order_by=[F("stage_changed_at"), F("pk")]
    )
    first = open_ones.annotate(place=waiting).filter(place__lte=BOARD_CARDS).values("pk")
    columns: dict[str, list[Application]] = defaultdict(list)
    shown = for_listing(applications).filter(pk__in=first).order_by("stage_changed_at", "pk")
    for application in shown:
        columns[application.stage].append(application)
    return [
        BoardColumn(stage, columns.get(stage.value, []), counts.get(stage.value, 0))
        for stage in Stage
    ]


def application_detail(application: Application) -> Application:
    return (
        Application.objects.select_related("site", "person", "safeguarding__seen_by")
        .prefetch_related(
            "tasks",
            "references",
            Prefetch("timeline", queryset=StageChange.objects.select_related("by")),
            Prefetch("onboarding", queryset=OnboardingStep.objects.select_related("item")),
        )
        .get(pk=application.pk)
    )


def progress(steps: list[OnboardingStep]) -> int:
    return round(100 * sum(1 for s in steps if s.is_done) / len(steps)) if steps else 0


@dataclass(frozen=True)
class FunnelCell:
    """One stage of one site, said in words: "3 of 4 moved on (75%), median 6 days"."""

    count: int
    reached: int  # applications that reached this stage
    moved_on: int | None  # of those, how many reached the next (None for the last stage)
    median_days: float | None

    @property
    def moved_on_text(self) -> str:
        if self.moved_on is None or not self.reached:
            return ""
        share = round(100 * self.moved_on / self.reached)
        return f"{self.moved_on} of {self.reached} moved on ({share}%)"

    @property
    def median_text(self) -> str:
        if self.median_days is None:
            return ""
        days = round(self.median_days)
        if days < 1:
            return "median under a day"
        return f"median {plural(days, 'day')}"


@dataclass(frozen=True)
class FunnelRow:
    site: PilotSite | None
    target: int
    active: int
    cells: list[FunnelCell]  # in pipeline order


def funnel(sites: list[PilotSite]) -> list[FunnelRow]:
    """Per site and overall: how many at each stage, conversion between stages, median days in stage."""
    reached: dict[int | None, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    durations: dict[int | None, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for site_id, stage in Application.objects.values_list("site_id", "stage"):
        counts[site_id][stage] += 1
        counts[None][stage] += 1
    changes = (
        StageChange.objects.exclude(to_stage="")
        .order_by("application_id", "at", "pk")
        .values_list("application_id", "application__site_id", "to_stage", "at")
    )
    previous: tuple[int, str, dt.datetime] | None = None
    for application_id, site_id, stage, at in changes:
        for key in (site_id, None):
            reached[key][stage].add(application_id)
        if previous and previous[0] == application_id:
            days = (at - previous[2]).total_seconds() / 86400
            for key in (site_id, None):
                durations[key][previous[1]].append(days)
        previous = (application_id, stage, at)
    rows = []
    following = dict(itertools.pairwise(PIPELINE))
    for site in [*sites, None]:
        key = site.pk if site else None
        cells = []
        for stage in PIPELINE:
            here = reached[key][stage]
            after = following.get(stage)
            cells.append(
                FunnelCell(
                    count=counts[key][stage],
                    reached=len(here),
                    moved_on=len(reached[key][after] & here) if after else None,
                    median_days=statistics.median(durations[key][stage])
                    if durations[key][stage]
                    else None,
                )
            )
        target = site.ambassador_target if site else sum(s.ambassador_target for s in sites)
        rows.append(FunnelRow(site, target, counts[key]["active"], cells))
    return rows


SMALL_NUMBER = 5  # fewer answers than this are not shown, so no one can be picked out


def equality_totals() -> dict[str, list[tuple[str, str]]]:
    """Equality answers in aggregate only: counts per answer, small numbers suppressed."""
    totals = {}
    for field, label in (
        ("age_band", "Age"),
        ("gender", "Gender"),
        ("ethnicity", "Ethnicity"),
        ("disability", "Disability"),
    ):
        rows = (
            EqualityMonitoring.objects.exclude(**{field: ""})
            .values_list(field)
            .annotate(n=Count("pk"))
            .order_by(field)
        )
        totals[label] = [
            (value, str(n) if n >= SMALL_NUMBER else f"fewer than {SMALL_NUMBER}")
            for value, n in rows
        ]
    return totals


def own_applications(user: User) -> list[Application]:
    """A person's open applications, each with its site, tasks, duties and onboarding steps
    (with their items): what their own page shows, in a fixed number of queries."""
    steps = Prefetch("onboarding", queryset=OnboardingStep.objects.select_related("item"))
    return list(
        Application.objects.filter(person=user)
        .exclude(stage__in=CLOSED_STAGES)
        .select_related("site")
        .prefetch_related("tasks", "duty_logs", steps)
    )


def moderation_record(user: User, limit: int = 50) -> list[ModerationDecision]:
    """What this person decided as a moderator, latest first as stored."""
    return list(
        ModerationDecision.objects.filter(moderator=user).select_related("content_type")[:limit]
    )


def onboarding_step(pk: int) -> OnboardingStep:
    return get_object_or_404(OnboardingStep.objects.select_related("application"), pk=pk)


def application_by_token(token: str) -> Application:
    """An application by its welcome link (never one whose data was erased); 404 otherwise."""
    return get_object_or_404(
        Application.objects.select_related("site").not_anonymised(), token=token
    )


def reference_by_token(token: str) -> Reference:
    return get_object_or_404(Reference.objects.select_related("application__site"), token=token)


def active_code_at(site: PilotSite, code: str) -> ShareCode | None:
    """The share code of that text at the site, while it still counts."""
    return ShareCode.objects.active().filter(site=site, code=code).first()
