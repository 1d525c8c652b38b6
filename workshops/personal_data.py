"""What workshops holds about a person, and what closing their account ends and clears here."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from programme.models import User
from programme.personal_data import FORMER_PARTICIPANT, Forgetting, PersonalDataStore

from . import services
from .models import CalendarToken, Feedback, Registration


def personal_data(user: User) -> dict[str, object]:
    return {
        "workshop_registrations": [
            {
                "workshop": r.workshop.title,
                "starts": r.workshop.starts_at.isoformat(),
                "status": r.get_status_display(),
                "coming_as": r.get_audience_display(),
                "accessibility_needs": r.accessibility_needs,
                "dietary_requirements": r.dietary_requirements,
                "attended": r.attended,
                "feedback": (
                    {"rating": r.feedback.rating, "comments": r.feedback.comments}
                    if hasattr(r, "feedback")
                    else None
                ),
            }
            for r in Registration.objects.filter(person=user).select_related("workshop", "feedback")
        ]
    }


def _theirs(user: User) -> Q:
    """Their places: on the account, and as a guest at its address (addresses are unique)."""
    return Q(person=user) | Q(person__isnull=True, guest_email__iexact=user.email)


def account_closing(user: User) -> None:
    """Give up places at workshops still to come, so the waiting list moves on."""
    upcoming = Registration.objects.active().filter(
        _theirs(user), workshop__starts_at__gt=timezone.now()
    )
    for registration in upcoming:
        services.cancel_registration(registration=registration, actor=user)


def _registrations(forgetting: Forgetting) -> QuerySet[Registration]:
    return Registration.objects.filter(
        Q(person=forgetting.user) | (Q(person__isnull=True) & forgetting.addressed("guest_email"))
    )


def _close_registrations(forgetting: Forgetting) -> None:
    theirs = Registration.objects.filter(pk__in=forgetting.of(Registration))
    theirs.update(accessibility_needs="", dietary_requirements="")
    for registration in theirs.filter(person__isnull=True).only("pk"):
        # Each its own address: a guest's address is unique among the workshop's places.
        Registration.objects.filter(pk=registration.pk).update(
            guest_name=FORMER_PARTICIPANT,
            guest_email=f"former-guest-{registration.pk}@invalid.example",
        )


def _feedback(forgetting: Forgetting) -> QuerySet[Feedback]:
    return Feedback.objects.filter(registration__in=_registrations(forgetting))


def _forget_calendar(forgetting: Forgetting) -> None:
    CalendarToken.objects.filter(person=forgetting.user).delete()


PERSONAL_DATA_STORES = [
    PersonalDataStore(
        Registration,
        ("person", "guest_name", "guest_email", "accessibility_needs", "dietary_requirements"),
        "Places still to come, on the account or as a guest at its address, are given up "
        "(the waiting list moves on); every one of their registrations loses its "
        "accessibility and dietary needs; a guest's name becomes “A former participant” "
        "and its address one that goes nowhere. Attendance stays, for the figures.",
        records=_registrations,
        name_fields=("guest_name",),
        email_fields=("guest_email",),
        close=_close_registrations,
    ),
    PersonalDataStore(
        Feedback,
        ("comments",),
        "Kept: what they wrote stays, on a registration that no longer names them.",
        records=_feedback,
    ),
    PersonalDataStore(
        CalendarToken,
        ("person", "token"),
        "Deleted: their private calendar feed's address stops working.",
        close=_forget_calendar,
    ),
]


def stores() -> list[PersonalDataStore]:
    """The `personal_data_stores` hook."""
    return PERSONAL_DATA_STORES
