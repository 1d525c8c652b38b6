from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from .workshops import AUDIENCE_ONE, Audience, Workshop


class RegistrationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for email confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


# Registrations that hold (or wait for) a place; a person has at most one of these per workshop.
ACTIVE_STATUSES = (
    RegistrationStatus.UNCONFIRMED,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


def new_code() -> str:
    """A short code a person reads out or types to check in (no 0/O or 1/I to confuse)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlisted_at", "pk")

    def active(self) -> RegistrationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)


class Registration(models.Model):
    """A person's place (or place in the queue) at a workshop.

    Guests without an account give a name and email and confirm by link; a
    private `manage_token` lets them see or cancel their place.
    """

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    guest_name = models.CharField(max_length=150, blank=True)
    guest_email = models.EmailField(blank=True)
    audience = models.CharField("coming as", max_length=20, choices=Audience)
    accessibility_needs = models.TextField(max_length=2000, blank=True)
    dietary_requirements = models.TextField(max_length=1000, blank=True)
    consented_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=RegistrationStatus)
    code = models.CharField(max_length=12, unique=True, default=new_code)
    manage_token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    feedback_requested_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "person"],
                condition=models.Q(status__in=ACTIVE_STATUSES, person__isnull=False),
                name="registration_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["workshop", "guest_email"],
                condition=models.Q(status__in=ACTIVE_STATUSES, person__isnull=True),
                name="registration_one_active_per_guest_email",
            ),
            models.CheckConstraint(
                name="registration_person_or_guest",
                condition=models.Q(person__isnull=False)
                | (~models.Q(guest_email="") & ~models.Q(guest_name="")),
            ),
        ]
        indexes = [models.Index(fields=["workshop", "status"])]

    def __str__(self) -> str:
        return f"{self.name} at {self.workshop}"

    @property
    def name(self) -> str:
        return self.person.full_name if self.person else self.guest_name

    @property
    def email(self) -> str:
        return self.person.email if self.person else self.guest_email

    @property
    def coming_as(self) -> str:
        """How they are coming, as a sentence said to them: "You are coming as a resident."."""
        one = (
            AUDIENCE_ONE.get(Audience(self.audience)) if self.audience in Audience.values else None
        )
        return f"You are coming as {one}." if one else ""

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_unconfirmed(self) -> bool:
        return self.status == RegistrationStatus.UNCONFIRMED


class Invitation(models.Model):
    """For invitation-only workshops: who may register."""

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workshop_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "person"], name="invitation_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} invited to {self.workshop}"


class CalendarToken(models.Model):
    """The secret in a person's private calendar feed URL; resetting it retires the old URL."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"
