"""The figures of the reach page, the evaluation report and an ambassador's own page: what
the day totals of programme/reach.py add up to, week by week. Reads only, in a fixed number
of queries whatever the number of days, pages, codes or sites."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from .models import CONVERSIONS, Channel, Event, PilotSite, ShareCode, Tally, User

WEEKS = 8
MAX_WEEKS = 52
TOP_PAGES = 10


@dataclass(frozen=True)
class Row:
    """One line of a table beside a chart: a label and its figure for each week."""

    label: str
    weekly: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.weekly)


@dataclass(frozen=True)
class Sharer:
    """Whose share code it was, and what it brought."""

    label: str
    code: str
    active: bool
    arrivals: int
    took_part: int


@dataclass(frozen=True)
class Step:
    label: str
    count: int
    of_first: int  # per cent of the first step, rounded

    @property
    def width(self) -> int:
        return max(self.of_first, 1 if self.count else 0)


@dataclass
class Report:
    site: PilotSite | None
    weeks: list[dt.date]
    views: Row
    arrivals: Row
    shared_arrivals: Row
    took_part: Row
    channels: list[Row] = field(default_factory=list)
    ways: list[Row] = field(default_factory=list)
    sharers: list[Sharer] = field(default_factory=list)
    pages: list[tuple[str, int]] = field(default_factory=list)

    @property
    def where(self) -> str:
        return self.site.name if self.site else "All sites"

    @property
    def week_labels(self) -> list[str]:
        return [f"{week:%-d %b}" for week in self.weeks]

    @property
    def funnel(self) -> list[Step]:
        counts = [
            ("Arrived from outside the site", self.arrivals.total),
            ("… of them through a share code", self.shared_arrivals.total),
            ("Took part", self.took_part.total),
        ]
        first = counts[0][1] or 0
        return [
            Step(label, count, round(100 * count / first) if first else 0)
            for label, count in counts
        ]

    @property
    def table(self) -> list[tuple[str, int, int, int, int]]:
        """Each week's figures: week, views, arrivals, through a share code, took part."""
        return list(
            zip(
                self.week_labels,
                self.views.weekly,
                self.arrivals.weekly,
                self.shared_arrivals.weekly,
                self.took_part.weekly,
                strict=True,
            )
        )

    @property
    def is_empty(self) -> bool:
        return not (self.views.total or self.arrivals.total or self.took_part.total)


def week_starts(weeks: int, today: dt.date | None = None) -> list[dt.date]:
    """The Mondays of the last `weeks` weeks, this one last."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _tallies(site: PilotSite | None, weeks: list[dt.date]) -> QuerySet[Tally]:
    found = Tally.objects.filter(day__gte=weeks[0])
    return found.filter(site=site) if site is not None else found


def _weekly(
    rows: Iterable[dict], weeks: list[dt.date], key: str | None = None
) -> dict[object, list[int]]:
    index = {week: n for n, week in enumerate(weeks)}
    found: dict[object, list[int]] = defaultdict(lambda: [0] * len(weeks))
    for row in rows:
        week = row["week"]
        week = week.date() if isinstance(week, dt.datetime) else week
        if week in index:
            found[row[key] if key else None][index[week]] += row["n"]
    return found


def reach_report(
    site: PilotSite | None, *, weeks: int = WEEKS, today: dt.date | None = None
) -> Report:
    starts = week_starts(max(1, min(weeks, MAX_WEEKS)), today)
    tallies = _tallies(site, starts).annotate(week=TruncWeek("day"))
    by_event = _weekly(
        tallies.values("week", "event").annotate(n=Sum("count")).order_by(), starts, "event"
    )
    zero = [0] * len(starts)
    took_part = [
        sum(col) for col in zip(*(by_event.get(e, zero) for e in CONVERSIONS), strict=True)
    ]
    arrivals = tallies.filter(event=Event.ARRIVAL)
    shared = _weekly(
        arrivals.filter(code__isnull=False).values("week").annotate(n=Sum("count")).order_by(),
        starts,
    )
    channels = _weekly(
        arrivals.values("week", "channel").annotate(n=Sum("count")).order_by(), starts, "channel"
    )
    report = Report(
        site=site,
        weeks=starts,
        views=Row("Page views", tuple(by_event.get(Event.VIEW, zero))),
        arrivals=Row("Arrivals", tuple(by_event.get(Event.ARRIVAL, zero))),
        shared_arrivals=Row("Through a share code", tuple(shared.get(None, zero))),
        took_part=Row("Took part", tuple(took_part)),
        channels=sorted(
            (
                Row(Channel(c).label, tuple(v))
                for c, v in channels.items()
                if isinstance(c, str) and c in Channel.values
            ),
            key=lambda row: -row.total,
        ),
        ways=[Row(Event(e).label, tuple(by_event.get(e, zero))) for e in CONVERSIONS],
    )
    report.sharers = _sharers(site, starts)
    pages = (
        _tallies(site, starts)
        .filter(event=Event.VIEW)
        .values("path")
        .annotate(n=Sum("count"))
        .order_by("-n", "path")[:TOP_PAGES]
    )
    report.pages = [(row["path"], row["n"]) for row in pages]
    return report


def _sharers(site: PilotSite | None, weeks: list[dt.date]) -> list[Sharer]:
    totals = (
        _tallies(site, weeks)
        .filter(code__isnull=False)
        .exclude(event=Event.VIEW)
        .values("code", "event")
        .annotate(n=Sum("count"))
        .order_by()
    )
    arrivals: dict[int, int] = defaultdict(int)
    took_part: dict[int, int] = defaultdict(int)
    for row in totals:
        (arrivals if row["event"] == Event.ARRIVAL else took_part)[row["code"]] += row["n"]
    codes = ShareCode.objects.filter(pk__in=set(arrivals) | set(took_part)).select_related(
        "person", "site"
    )
    sharers = [
        Sharer(
            label=_whose(code, several_sites=site is None),
            code=code.code,
            active=code.is_active,
            arrivals=arrivals[code.pk],
            took_part=took_part[code.pk],
        )
        for code in codes
    ]
    return sorted(sharers, key=lambda s: (-s.arrivals, -s.took_part, s.label))


def _whose(code: ShareCode, *, several_sites: bool) -> str:
    if code.is_site_code:
        label = "The site team"
    elif code.person is None:
        label = "A former participant"
    else:
        label = code.person.full_name or code.person.email
    return f"{label} ({code.site.name})" if several_sites else label


@dataclass(frozen=True)
class OwnFigures:
    """What an ambassador's own links brought, for their page."""

    weeks: list[dt.date]
    arrivals: Row
    took_part: Row
    channels: list[tuple[str, int]]

    @property
    def week_labels(self) -> list[str]:
        return [f"{week:%-d %b}" for week in self.weeks]

    @property
    def table(self) -> list[tuple[str, int, int]]:
        return list(zip(self.week_labels, self.arrivals.weekly, self.took_part.weekly, strict=True))


def own_figures(person: User, *, weeks: int = WEEKS, today: dt.date | None = None) -> OwnFigures:
    starts = week_starts(weeks, today)
    theirs = Tally.objects.filter(day__gte=starts[0], code__person=person).annotate(
        week=TruncWeek("day")
    )
    arrivals = _weekly(
        theirs.filter(event=Event.ARRIVAL).values("week").annotate(n=Sum("count")).order_by(),
        starts,
    )
    took_part = _weekly(
        theirs.filter(event__in=CONVERSIONS).values("week").annotate(n=Sum("count")).order_by(),
        starts,
    )
    channels = (
        theirs.filter(event=Event.ARRIVAL).values("channel").annotate(n=Sum("count")).order_by("-n")
    )
    zero = [0] * len(starts)
    return OwnFigures(
        weeks=starts,
        arrivals=Row("Arrivals through your links", tuple(arrivals.get(None, zero))),
        took_part=Row("Took part", tuple(took_part.get(None, zero))),
        channels=[
            (Channel(row["channel"]).label, row["n"])
            for row in channels
            if row["channel"] in Channel.values
        ],
    )


def arrivals_by_site(sites: Sequence[PilotSite], *, weeks: int = 4) -> dict[int, tuple[int, int]]:
    """{site id: (arrivals, took part)} over the last weeks, for the readiness dashboard."""
    starts = week_starts(weeks)
    rows = (
        Tally.objects.filter(day__gte=starts[0], site__in=list(sites))
        .exclude(event=Event.VIEW)
        .values("site", "event")
        .annotate(n=Sum("count"))
        .order_by()
    )
    found: dict[int, list[int]] = {site.pk: [0, 0] for site in sites}
    for row in rows:
        found[row["site"]][0 if row["event"] == Event.ARRIVAL else 1] += row["n"]
    return {pk: (a, t) for pk, (a, t) in found.items()}


def csv_rows(report: Report) -> tuple[list[str], list[list[object]]]:
    """Every figure of the report, one line per week and measure."""
    header = ["Site", "Week beginning", "Measure", "Of which", "Count"]
    rows: list[list[object]] = []
    for n, week in enumerate(report.weeks):
        day = week.isoformat()
        for row in (report.views, report.arrivals, report.shared_arrivals, report.took_part):
            rows.append([report.where, day, row.label, "", row.weekly[n]])
        rows.extend(
            [report.where, day, "Arrivals by channel", c.label, c.weekly[n]]
            for c in report.channels
        )
        rows.extend(
            [report.where, day, "Took part by way", w.label, w.weekly[n]] for w in report.ways
        )
    # What each share code brought, over the whole period (no week: "Week beginning" empty).
    for sharer in report.sharers:
        who = f"{sharer.label} ({sharer.code})"
        rows.append([report.where, "", "Arrivals by sharer", who, sharer.arrivals])
        rows.append([report.where, "", "Took part by sharer", who, sharer.took_part])
    return header, rows
