"""When a consultation closes, said the GOV.UK way, and the drafts whose closing date a
calendar shows.

Times read as people say them, in Europe/London: "5pm on Friday 18 December 2026",
"midday on …"; a closing time of 00:00 is "midnight at the end of" the day before, so
nobody reads it as the end of the day named.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import dateformat, timezone

from programme.models import PilotSite

from .models import DraftStatus, PolicyDraft


def _day(local: dt.datetime) -> str:
    return dateformat.format(local, "l j F Y")


def _clock(local: dt.datetime) -> str:
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def closing_time(value: dt.datetime) -> str:
    """A moment as a deadline reads: "5pm on Friday 18 December 2026"."""
    local = timezone.localtime(value)
    if (local.hour, local.minute) == (0, 0):
        return f"midnight at the end of {_day(local - dt.timedelta(days=1))}"
    return f"{_clock(local)} on {_day(local)}"


def closing_for_site(site: PilotSite, now: dt.datetime | None = None) -> QuerySet[PolicyDraft]:
    """Drafts open for comment at this site (its own and programme-wide ones) that have a
    closing date still ahead: what the site's calendar shows as "Comments close"."""
    now = now or timezone.now()
    return (
        PolicyDraft.objects.filter(Q(site__isnull=True) | Q(site=site))
        .filter(status=DraftStatus.OPEN, closes_at__gt=now)
        .order_by("closes_at", "pk")
    )
