"""Demo workshops: past and upcoming, one full with a waiting list, an invitation-only
members' briefing, and a cancelled one, across the sites."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from programme.models import PilotSite, Role, User

from . import services
from .models import Audience, Registration, Workshop, WorkshopKind, WorkshopStatus

LONDON = timezone.get_default_timezone()


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _guest(n: int) -> dict[str, Any]:
    return {"guest_name": f"Demo guest {n}", "guest_email": f"guest{n}@demo.example"}


def _plan(actor: User, site: PilotSite, title: str, days: int, **extra: Any) -> Workshop:
    fields: dict[str, Any] = {
        "title": title,
        "kind": WorkshopKind.EXTERNAL_PARTNERS,
        "starts_at": _at(days, 10),
        "ends_at": _at(days, 13),
        "venue_name": f"{site.council_name} offices",
        "venue_address": "Committee room 1",
        "capacity": 20,
        "audiences": [Audience.OFFICERS, Audience.CONTENT_PROVIDERS, Audience.RESIDENTS],
        "access_notes": "Step-free entrance at the side door; hearing loop in the room.",
        "objectives": "Meet the people behind local news and blogs, and agree how the town hall site will carry their posts.",
    }
    fields.update(extra)
    return services.create_workshop(actor=actor, site=site, **fields)


def _fill(workshop: Workshop, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        registration = services.register(
            workshop=workshop, audience=Audience.RESIDENTS, consent=True, **_guest(n)
        )
        if not isinstance(registration, Registration):
            raise RuntimeError("a demo guest registers once")
        services.confirm_guest(registration=registration)


def seed(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    if Workshop.objects.exists():
        return
    coordinator = users["coordinator@demo.example"]
    kirklees = sites["kirklees"]

    internal = _plan(
        coordinator,
        kirklees,
        "Kirklees internal workshop",
        -20,
        kind=WorkshopKind.INTERNAL_BRIEFING,
        template="internal",
        audiences=[Audience.OFFICERS, Audience.MEMBERS],
    )
    internal.facilitators.set([users["lead@kirklees.demo.example"]])
    services.publish_workshop(actor=coordinator, workshop=internal)
    # It happened in the past: open registration then, as it was.
    Workshop.objects.filter(pk=internal.pk).update(status=WorkshopStatus.PUBLISHED)

    upcoming = _plan(
        coordinator,
        kirklees,
        "Meet the local bloggers",
        12,
        online_url="https://meet.example.org/kirklees-bloggers",
    )
    upcoming.facilitators.set(
        [users["lead@kirklees.demo.example"], users["officer@kirklees.demo.example"]]
    )
    services.publish_workshop(actor=coordinator, workshop=upcoming)
    services.register(
        workshop=upcoming,
        person=users["resident@demo.example"],
        audience=Audience.RESIDENTS,
        consent=True,
        accessibility_needs="Large-print handouts, please.",
    )
    services.register(
        workshop=upcoming,
        person=users["provider@kirklees.demo.example"],
        audience=Audience.CONTENT_PROVIDERS,
        consent=True,
        dietary_requirements="Vegetarian",
    )

    full = _plan(
        coordinator,
        sites["redbridge"],
        "Redbridge launch evening",
        20,
        kind=WorkshopKind.LAUNCH,
        capacity=6,
    )
    services.publish_workshop(actor=coordinator, workshop=full)
    _fill(full, 9)  # six places, three waiting

    briefing = _plan(
        coordinator,
        kirklees,
        "Members' briefing: the virtual town hall",
        8,
        kind=WorkshopKind.MEMBERS_BRIEFING,
        access="invitation",
        audiences=[Audience.MEMBERS],
        capacity=30,
    )
    services.apply_agenda_template(actor=coordinator, workshop=briefing, template="internal")
    services.publish_workshop(actor=coordinator, workshop=briefing)
    services.invite_role_holders(actor=coordinator, workshop=briefing, role=Role.ELECTED_MEMBER)

    cancelled = _plan(coordinator, sites["chorley"], "Chorley social reporters' morning", 15)
    services.publish_workshop(actor=coordinator, workshop=cancelled)
    _fill(cancelled, 2, start=20)
    services.cancel_workshop(
        actor=coordinator, workshop=cancelled, reason="The venue flooded; we will find a new date."
    )

    _plan(
        coordinator,
        sites["essex"],
        "Essex ambassadors' induction",
        30,
        kind=WorkshopKind.AMBASSADOR_INDUCTION,
    )

    # The past internal workshop: attended, held, with feedback.
    for n, person in enumerate(
        (
            "lead@kirklees.demo.example",
            "officer@kirklees.demo.example",
            "member@kirklees.demo.example",
        )
    ):
        registration = Registration.objects.create(
            workshop=internal,
            person=users[person],
            audience=Audience.MEMBERS if n == 2 else Audience.OFFICERS,
            consented_at=internal.created_at,
            status="confirmed",
            confirmed_at=internal.created_at,
            attended=True,
        )
        services.give_feedback(
            registration=registration,
            rating=5 - n,
            comments="Useful to see the audit together." if n == 0 else "",
        )
    services.mark_held(actor=coordinator, workshop=internal)
    # What came of it: a summary anyone may read, and notes for the people running it.
    services.record_outcome(
        actor=coordinator,
        workshop=Workshop.objects.get(pk=internal.pk),
        public_summary="Officers and members went through the social web audit together "
        "and agreed to write a short guide for members.",
        notes="Members keen but want a short guide; two asked for a one-to-one session.",
        decisions="Laila drafts the members' guide by the end of the month.",
    )
