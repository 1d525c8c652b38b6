"""Reads for workshop pages, tables, feeds and the briefing pack."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from programme import permissions as programme_permissions
from programme.models import PilotSite, RoleGrant, User
from programme.platform.counting import count_of

from . import permissions
from .models import (
    PUBLIC,
    Audience,
    CalendarToken,
    Invitation,
    Outcome,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)


def with_counts(workshops: QuerySet[Workshop]) -> QuerySet[Workshop]:
    """Each workshop with its confirmed and waiting registrations, counted for the
    workshops the list keeps (not by joining every registration)."""
    return workshops.select_related("site").annotate(
        confirmed_count=count_of(Registration.objects.confirmed(), "workshop"),
        waitlist_count=count_of(
            Registration.objects.filter(status=RegistrationStatus.WAITLISTED), "workshop"
        ),
    )


def workshops_for(viewer: permissions.AnyUser) -> QuerySet[Workshop]:
    """Every workshop the viewer may see: the public ones, the invitation-only and internal
    ones that are theirs (`permissions.not_public_but_theirs`), and drafts at sites they plan
    for."""
    workshops = Workshop.objects.all()
    if not programme_permissions.is_coordinator(viewer):
        led = programme_permissions.sites_led_by(viewer)
        theirs = ~Q(status=WorkshopStatus.DRAFT) & permissions.not_public_but_theirs(viewer)
        workshops = workshops.filter(PUBLIC | theirs | Q(site__in=led))
    return with_counts(workshops).order_by("starts_at", "pk")


COMING_UP_PER_PAGE = 20


def coming_up_for_residents(number: Any = 1) -> DjangoPage:
    """A page of the public workshops at every site that have not ended, soonest first
    (cancelled ones say so), `COMING_UP_PER_PAGE` a page."""
    workshops = with_counts(Workshop.objects.public().upcoming()).order_by("starts_at", "pk")
    return Paginator(workshops, COMING_UP_PER_PAGE).get_page(number)


def public_feed(site: PilotSite | None = None) -> QuerySet[Workshop]:
    """What public calendar feeds carry: public workshops, published, held and cancelled
    (cancelled ones say so); never an invitation-only or internal one."""
    workshops = Workshop.objects.public().select_related("site")
    if site is not None:
        workshops = workshops.filter(site=site)
    return workshops.order_by("starts_at", "pk")


def workshop_detail(workshop: Workshop) -> Workshop:
    """The workshop with its agenda and its facilitators' civic personas (name, bio and the
    roles each chose to show), read in a fixed number of queries."""
    shown_roles = Prefetch(
        "role_grants",
        queryset=RoleGrant.objects.active().filter(shown_on_persona=True).select_related("site"),
        to_attr="shown_roles",
    )
    return (
        with_counts(Workshop.objects.filter(pk=workshop.pk))
        .prefetch_related(
            "agenda",
            Prefetch(
                "facilitators",
                queryset=User.objects.order_by("full_name").prefetch_related(shown_roles),
            ),
        )
        .get()
    )


def registration_of(workshop: Workshop, person: permissions.AnyUser) -> Registration | None:
    if not person.is_authenticated:
        return None
    return workshop.registrations.active().filter(person=person).first()


def attendees(workshop: Workshop) -> QuerySet[Registration]:
    """Confirmed places only: people on the waiting list never appear in attendee lists."""
    return (
        workshop.registrations.confirmed()
        .select_related("person")
        .order_by("person__full_name", "guest_name", "pk")
    )


def waiting_list(workshop: Workshop) -> QuerySet[Registration]:
    return workshop.registrations.waitlisted().select_related("person")


def attendance_by_audience(workshop: Workshop) -> list[tuple[str, int]]:
    counts = Counter(
        workshop.registrations.confirmed().filter(attended=True).values_list("audience", flat=True)
    )
    return [
        (audience.label, counts.get(audience.value, 0))
        for audience in Audience
        if counts.get(audience.value)
    ]


def feedback_summary(workshop: Workshop) -> dict[str, object]:
    feedback = workshop.registrations.filter(feedback__isnull=False)
    summary = feedback.aggregate(average=Avg("feedback__rating"), count=Count("feedback"))
    summary["comments"] = list(
        feedback.exclude(feedback__comments="").values_list(
            "feedback__rating", "feedback__comments"
        )
    )
    return summary


def my_workshops(person: User) -> QuerySet[Workshop]:
    """The workshops a person holds a confirmed place at: their personal calendar."""
    return (
        Workshop.objects.visible()
        .filter(registrations__person=person, registrations__status=RegistrationStatus.CONFIRMED)
        .select_related("site")
        .distinct()
        .order_by("starts_at")
    )


def plannable_sites(user: permissions.AnyUser) -> QuerySet[PilotSite]:
    """Coordinators plan workshops anywhere; a site lead at the sites they lead."""
    if programme_permissions.is_coordinator(user):
        return PilotSite.objects.all()
    return PilotSite.objects.filter(pk__in=programme_permissions.sites_led_by(user))


def saved(workshop: Workshop) -> Workshop:
    """The workshop as stored (a form that failed has written what was typed onto it)."""
    return Workshop.objects.get(pk=workshop.pk)


def invited(workshop: Workshop) -> QuerySet[Invitation]:
    return workshop.invitations.select_related("person").order_by("person__full_name")


def outcome_of(workshop: Workshop) -> Outcome | None:
    return Outcome.objects.filter(workshop=workshop).first()


def calendar_token(token: str) -> CalendarToken:
    return get_object_or_404(CalendarToken.objects.select_related("person"), token=token)


def registration_by_token(token: str) -> Registration:
    """A registration by its private link (the emailed manage token); 404 otherwise."""
    return get_object_or_404(
        Registration.objects.select_related("workshop__site", "person"), manage_token=token
    )
