"""Workshops as iCalendar: one event, a feed of many, and invitations and cancellations by email.

Times are written in UTC ("...Z"). We tried TZID=Europe/London with a VTIMEZONE
generated from the tz database, but a second parser (vobject, in the tests)
misread its RDATE lists by an hour; UTC times cannot be misread, and every
calendar shows them in the reader's own zone. A workshop's UID never changes;
SEQUENCE goes up whenever its time, place or status does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from programme.markdown import plain_text

from .models import Workshop

PRODID = "-//Virtual Town Hall//Workshops//EN"
REFRESH = dt.timedelta(hours=1)


def host() -> str:
    return urlsplit(settings.PUBLIC_BASE_URL).hostname or "localhost"


def workshop_uid(workshop: Workshop) -> str:
    return f"workshop-{workshop.pk}@{host()}"


def absolute_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{path}"


def workshop_event(workshop: Workshop) -> Event:
    url = absolute_url(workshop.get_absolute_url())
    event = Event()
    event.add("uid", workshop_uid(workshop))
    event.add("dtstamp", timezone.now())
    event.add("created", workshop.created_at)
    event.add("last-modified", workshop.updated_at)
    event.add("sequence", workshop.sequence)
    event.add("dtstart", workshop.starts_at.astimezone(dt.UTC))
    event.add("dtend", workshop.ends_at.astimezone(dt.UTC))
    event.add("summary", f"{workshop.title} ({workshop.site.name})")
    description = plain_text(workshop.objectives)
    event.add("description", f"{description}\n\n{url}".strip())
    if workshop.location:
        event.add("location", workshop.location)
    event.add("url", url)
    event.add("status", "CANCELLED" if workshop.is_cancelled else "CONFIRMED")
    return event


def calendar(
    name: str,
    workshops: Iterable[Workshop],
    *,
    method: str | None = None,
    attendee: str | None = None,
) -> bytes:
    """A calendar of workshops; with `method`, an iTIP message (REQUEST or CANCEL) for email."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    else:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
    for workshop in workshops:
        event = workshop_event(workshop)
        if method:
            # An emailed invitation names who sends it and who it is for (RFC 5546).
            event.add("organizer", f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
            if attendee:
                event.add("attendee", f"mailto:{attendee}")
        cal.add_component(event)
    return cal.to_ical()


def invitation(workshop: Workshop, attendee: str) -> bytes:
    method = "CANCEL" if workshop.is_cancelled else "REQUEST"
    return calendar(workshop.title, [workshop], method=method, attendee=attendee)
