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
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneStandard, vText

from policy_drafts.closing import closing_time
from policy_drafts.models import PolicyDraft
from programme.platform.markdown import plain_text_of_html
from programme.platform.text import strip_controls

from .models import Workshop, WorkshopStatus

PRODID = "-//Virtual Town Hall//Workshops//EN"
REFRESH = dt.timedelta(hours=1)


def host() -> str:
    return urlsplit(settings.PUBLIC_BASE_URL).hostname or "localhost"


def workshop_uid(workshop: Workshop) -> str:
    return f"workshop-{workshop.pk}@{host()}"


def absolute_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{path}"


def _text(value: str) -> str:
    # XML and strict iCalendar readers refuse control characters; text pasted from a
    # word processor can carry them in from before they were stripped at the edge.
    return strip_controls(value)


def workshop_event(
    workshop: Workshop, *, stamp: dt.datetime | None = None, cancelled: bool = False
) -> Event:
    """One workshop as a VEVENT. DTSTAMP is when it last changed (a feed polled twice
    reads the same), or `stamp` for an emailed iTIP message, which is stamped when sent.
    `cancelled`: the event is off for the person it is sent to (they gave up their place)."""
    url = absolute_url(workshop.get_absolute_url())
    event = Event()
    event.add("uid", workshop_uid(workshop))
    event.add("dtstamp", stamp or workshop.updated_at)
    event.add("created", workshop.created_at)
    event.add("last-modified", workshop.updated_at)
    event.add("sequence", workshop.sequence)
    event.add("dtstart", workshop.starts_at.astimezone(dt.UTC))
    event.add("dtend", workshop.ends_at.astimezone(dt.UTC))
    event.add("summary", _text(f"{workshop.title} ({workshop.site.name})"))
    description = plain_text_of_html(workshop.objectives_html)
    event.add("description", _text(f"{description}\n\n{url}".strip()))
    if workshop.location:
        event.add("location", _text(workshop.location))
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else _status(workshop))
    return event


def draft_closing_uid(draft: PolicyDraft) -> str:
    return f"draft-{draft.pk}-closes@{host()}"


def closing_event(draft: PolicyDraft) -> Event:
    """When comments on an open consultation close, as a moment in the site's calendar
    (no end: it takes no time, and TRANSPARENT, so it never shows anyone as busy)."""
    if draft.closes_at is None:
        raise ValueError("only a consultation with a closing date closes")
    url = absolute_url(draft.get_absolute_url())
    event = Event()
    event.add("uid", draft_closing_uid(draft))
    # Stable, so a feed polled twice reads the same; the draft keeps no "last changed".
    event.add("dtstamp", draft.created_at)
    event.add("created", draft.created_at)
    event.add("dtstart", draft.closes_at.astimezone(dt.UTC))
    event.add("summary", _text(f"Comments close: {draft.title}"))
    event.add(
        "description",
        _text(
            f"Comments on {draft.title} close at {closing_time(draft.closes_at)}. "
            f"Have your say before then.\n\n{url}"
        ),
    )
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED")
    return event


def _status(workshop: Workshop) -> str:
    if workshop.is_cancelled:
        return "CANCELLED"
    # A draft is not settled yet: a planner previewing it must not read it as confirmed.
    return "TENTATIVE" if workshop.status == WorkshopStatus.DRAFT else "CONFIRMED"


def _utc_timezone() -> Timezone:
    """A VTIMEZONE for UTC: RFC 5545 wants at least one component in a calendar, and a
    calendar with no workshops yet (a new site, an empty personal feed) still needs one."""
    zone = Timezone()
    zone.add("tzid", "UTC")
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(0))
    standard.add("tzoffsetto", dt.timedelta(0))
    standard.add("tzname", "UTC")
    zone.add_component(standard)
    return zone


def last_changed(workshops: Iterable[Workshop]) -> dt.datetime | None:
    """When the newest of these workshops last changed: the feed's Last-Modified."""
    return max((w.updated_at for w in workshops), default=None)


def calendar(
    name: str,
    workshops: Iterable[Workshop],
    *,
    method: str | None = None,
    attendee: str | None = None,
    closings: Iterable[PolicyDraft] = (),
) -> bytes:
    """A calendar of workshops; with `method`, an iTIP message (REQUEST or CANCEL) for email.
    `closings`: open consultations whose closing time the calendar shows too."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    else:
        # TEXT values, so "Budget, Q&A; talk" keeps its comma and semicolon (RFC 5545 3.3.11).
        cal.add("name", vText(_text(name)))
        cal.add("x-wr-calname", vText(_text(name)))
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
    events = 0
    stamp = timezone.now() if method else None
    for workshop in workshops:
        events += 1
        event = workshop_event(workshop, stamp=stamp, cancelled=method == "CANCEL")
        if method:
            # An emailed invitation names who sends it and who it is for (RFC 5546); the
            # organiser is an address whose replies people read (an Accept or a Decline).
            event.add(
                "organizer",
                f"mailto:{settings.PROGRAMME_CONTACT_EMAIL}",
                parameters={"CN": settings.PROGRAMME_NAME},
            )
            if attendee:
                event.add("attendee", f"mailto:{attendee}")
        cal.add_component(event)
    for draft in closings:
        events += 1
        cal.add_component(closing_event(draft))
    if not events:
        cal.add_component(_utc_timezone())
    return cal.to_ical()


def invitation(workshop: Workshop, attendee: str, *, withdrawn: bool = False) -> bytes:
    """The iTIP message emailed to one person: the invitation (REQUEST), or its
    cancellation (CANCEL) when the workshop is off or the person gave up their place."""
    method = "CANCEL" if workshop.is_cancelled or withdrawn else "REQUEST"
    return calendar(workshop.title, [workshop], method=method, attendee=attendee)
