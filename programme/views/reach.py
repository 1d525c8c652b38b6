"""The reach page: what shared links brought, week by week, per site and across sites."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from programme.platform.csv_export import csv_response

from .. import charts, permissions, queries, reach_report
from ..decorators import allowed_if
from ..http import SignedInRequest
from ..models import PilotSite

PERIODS = (4, 8, 12, 26, 52)
ARRIVED, SHARED, TOOK_PART = "#0a58ca", "#6f42c1", "#146c43"


def _sites_for(request: SignedInRequest) -> list[PilotSite]:
    return [site for site in queries.pilot_sites() if permissions.can_see_reach(request.user, site)]


def _weeks(value: str) -> int:
    return int(value) if value.isdigit() and int(value) in PERIODS else reach_report.WEEKS


@allowed_if(permissions.can_see_reach)
def reach(request: SignedInRequest) -> HttpResponse:
    sites = _sites_for(request)
    every_site = permissions.sees_reach_of_every_site(request.user)
    slug = request.GET.get("site", "")
    chosen = next((site for site in sites if site.slug == slug), None)
    if slug and chosen is None:
        raise Http404("No such site, or not one of yours.")
    if chosen is None and not every_site:
        chosen = sites[0]
    weeks = _weeks(request.GET.get("weeks", ""))
    report = reach_report.reach_report(chosen, weeks=weeks)
    if request.GET.get("format") == "csv":
        header, rows = reach_report.csv_rows(report)
        name = chosen.slug if chosen else "all-sites"
        return csv_response(f"reach-{name}-{weeks}-weeks.csv", header, rows)
    labels = report.week_labels
    chart = charts.weekly_chart(
        "reach-weekly",
        f"{report.where}: arrivals and taking part, week by week",
        f"Over the last {weeks} weeks: {report.arrivals.total} arrivals from outside the site, "
        f"{report.shared_arrivals.total} of them through a share code, and "
        f"{report.took_part.total} times someone took part. The table below gives each week.",
        labels,
        [
            ("Arrivals", ARRIVED, report.arrivals.weekly),
            ("Through a share code", SHARED, report.shared_arrivals.weekly),
            ("Took part", TOOK_PART, report.took_part.weekly),
        ],
    )
    funnel = [(step.label, step.count) for step in report.funnel]
    context = {
        "report": report,
        "chart": chart,
        "funnel_chart": charts.bar_chart(
            "reach-funnel",
            f"{report.where}: from arriving to taking part",
            "; ".join(f"{label}: {count}" for label, count in funnel),
            funnel,
            ARRIVED,
        ),
        "channel_chart": charts.bar_chart(
            "reach-channels",
            f"{report.where}: arrivals by channel",
            "; ".join(f"{row.label}: {row.total}" for row in report.channels),
            [(row.label, row.total) for row in report.channels],
            SHARED,
        ),
        "sites": sites,
        "chosen": chosen,
        "every_site": every_site,
        "weeks": weeks,
        "periods": PERIODS,
    }
    return render(request, "programme/reach.html", context)
