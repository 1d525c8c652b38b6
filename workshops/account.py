"""A person's workshop places and waiting-list places, for their account page
(the `account_summary` hook): two queries, however many they hold."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import dateformat, timezone

from programme.account import SHOWN_PER_PART, Action, Item, Part
from programme.models import User

from .models import Registration, RegistrationStatus, WorkshopStatus


def _when(registration: Registration) -> str:
    workshop = registration.workshop
    starts = dateformat.format(timezone.localtime(workshop.starts_at), "j F Y, H:i")
    return f"{starts} · {workshop.site.name}"


def _upcoming(person: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(person=person, workshop__ends_at__gte=timezone.now())
        .exclude(workshop__status=WorkshopStatus.DRAFT)
        .select_related("workshop__site")
        .order_by("workshop__starts_at", "pk")
    )


def _ahead() -> Subquery:
    """How many wait before this registration on its workshop's list (first come, first
    served, as `RegistrationQuerySet.waitlisted` orders them)."""
    before = Q(waitlisted_at__lt=OuterRef("waitlisted_at")) | Q(
        waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk")
    )
    return Subquery(
        Registration.objects.filter(
            before, workshop=OuterRef("workshop"), status=RegistrationStatus.WAITLISTED
        )
        .order_by()
        .values("workshop")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def _cancel(registration: Registration, label: str) -> Action:
    return Action(
        f"{label}: {registration.workshop.title}",
        reverse("workshops:cancel_my_place", args=[registration.workshop.slug]),
    )


def parts(user: User) -> list[Part]:
    places = list(
        _upcoming(user).filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.UNCONFIRMED]
        )[: SHOWN_PER_PART + 1]
    )
    waiting = list(
        _upcoming(user)
        .filter(status=RegistrationStatus.WAITLISTED)
        .annotate(ahead=Coalesce(_ahead(), 0))[: SHOWN_PER_PART + 1]
    )
    return [
        Part(
            title="Your workshop places",
            items=[
                Item(
                    label=r.workshop.title,
                    url=r.workshop.get_absolute_url(),
                    detail=f"{_when(r)} · {r.get_status_display()}",
                    action=_cancel(r, "Cancel your place"),
                )
                for r in places[:SHOWN_PER_PART]
            ],
            empty="You have no places at workshops coming up.",
            see_all_url=reverse("workshops:my_calendar"),
            see_all_label="Your workshops calendar",
            order=10,
            more=len(places) > SHOWN_PER_PART,
        ),
        Part(
            title="Your places on waiting lists",
            items=[
                Item(
                    label=r.workshop.title,
                    url=r.workshop.get_absolute_url(),
                    detail=f"{_when(r)} · number {getattr(r, 'ahead', 0) + 1} on the waiting list",
                    action=_cancel(r, "Leave the waiting list"),
                )
                for r in waiting[:SHOWN_PER_PART]
            ],
            empty="You are not waiting for a place at any workshop.",
            order=11,
            more=len(waiting) > SHOWN_PER_PART,
        ),
    ]
