"""What workshops has to share at a site (the `shareable` hook): its upcoming public
workshops, each with when and where it is and a line of what it is for."""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone

from programme.models import PilotSite
from programme.platform.markdown import plain_text_of_html
from programme.sharing import Shareable, one_line

from .models import Workshop, WorkshopStatus

SHOWN = 10


def when(value: dt.datetime) -> str:
    """ "10am on Tuesday 15 December 2026", London time."""
    local = timezone.localtime(value)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    else:
        minutes = f":{local.minute:02d}" if local.minute else ""
        clock = f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{clock} on {dateformat.format(local, 'l j F Y')}"


def poster_url(workshop: Workshop) -> str:
    try:
        return reverse("workshops:poster", args=[workshop.slug])
    except NoReverseMatch:  # no posters in this build
        return ""


def shareable(site: PilotSite) -> list[Shareable]:
    """Upcoming public workshops at the site (not invitation-only, internal, cancelled or
    ended), soonest first: one query."""
    workshops = (
        Workshop.objects.public()
        .upcoming()
        .filter(site=site)
        .exclude(status=WorkshopStatus.CANCELLED)
        .order_by("starts_at", "pk")[:SHOWN]
    )
    found = []
    for workshop in workshops:
        place = workshop.venue_name.strip() or ("online" if workshop.online_url else "")
        found.append(
            Shareable(
                kind="workshop",
                title=workshop.title,
                path=workshop.get_absolute_url(),
                summary=one_line(plain_text_of_html(workshop.objectives_html)),
                lead="Come along to",
                when=", ".join(part for part in (when(workshop.starts_at), place) if part),
                poster_url=poster_url(workshop),
                subject=workshop,
            )
        )
    return found
