from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from programme.models import PilotSite


def new_token() -> str:
    return secrets.token_urlsafe(24)


class TaskQuerySet(models.QuerySet["Task"]):
    def offered(self) -> TaskQuerySet:
        return self.filter(offered=True)


class Task(models.Model):
    """One task on the menu ambassadors choose from (no fixed job description)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    needs_safeguarding = models.BooleanField(
        default=False,
        help_text="A safeguarding check must be seen before approval (e.g. drop-in help).",
    )
    position = models.PositiveSmallIntegerField(default=0)
    offered = models.BooleanField(
        default=True,
        help_text="Untick to retire the task: new applicants no longer see it, and those "
        "who chose it keep their choice.",
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    CONVERSATION = "conversation", "Conversation"
    REFERENCES = "references", "References"
    APPROVED = "approved", "Approved"
    ONBOARDING = "onboarding", "Onboarding"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left"


PIPELINE = [
    Stage.APPLIED,
    Stage.SCREENING,
    Stage.CONVERSATION,
    Stage.REFERENCES,
    Stage.APPROVED,
    Stage.ONBOARDING,
    Stage.ACTIVE,
]
CLOSED_STAGES = frozenset({Stage.WITHDRAWN, Stage.DECLINED, Stage.LEFT})


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.exclude(stage__in=CLOSED_STAGES)

    def not_anonymised(self) -> ApplicationQuerySet:
        return self.filter(anonymised_at__isnull=True)


class Application(models.Model):
    references_in: int  # annotated by ambassadors.queries (not stored)

    site = models.ForeignKey(
        PilotSite, on_delete=models.PROTECT, related_name="ambassador_applications"
    )
    full_name = models.CharField(max_length=150)
    email = models.EmailField()
    neighbourhood = models.CharField(max_length=150)
    motivation = models.TextField("why you want to take part", max_length=3000)
    tasks = models.ManyToManyField(Task, related_name="applications")
    channels = models.CharField("social channels you already use", max_length=300, blank=True)
    availability = models.CharField(max_length=300, blank=True)
    consented_at = models.DateTimeField()
    stage = models.CharField(max_length=15, choices=Stage, default=Stage.APPLIED)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ambassador_applications",
    )
    created_at = models.DateTimeField(default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["site", "stage"]),
            models.Index(fields=["stage", "stage_changed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.site})"

    def get_absolute_url(self) -> str:
        return reverse("ambassadors:application", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def place_offered(self) -> bool:
        """Approved, or onboarding: the applicant has been invited to take up a place."""
        return self.stage in (Stage.APPROVED, Stage.ONBOARDING)


class EqualityMonitoring(models.Model):
    """Optional answers kept apart from the application and only ever reported in aggregate."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="equality"
    )
    age_band = models.CharField(max_length=20, blank=True)
    gender = models.CharField(max_length=50, blank=True)
    ethnicity = models.CharField(max_length=80, blank=True)
    disability = models.CharField(max_length=20, blank=True)

    def __str__(self) -> str:
        return "Equality monitoring answers"


class StageChange(models.Model):
    """The applicant's timeline: every move, note and who made it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="timeline")
    from_stage = models.CharField(max_length=15, choices=Stage, blank=True)
    to_stage = models.CharField(max_length=15, choices=Stage, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class Reference(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="references"
    )
    referee_name = models.CharField(max_length=150)
    referee_email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    requested_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True)
    known_for = models.CharField(
        "how long and how they know the applicant", max_length=200, blank=True
    )
    statement = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"Reference from {self.referee_name}"


class SafeguardingCheck(models.Model):
    """That a check was seen, by whom, when, and its reference: never the certificate itself."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="safeguarding"
    )
    certificate_reference = models.CharField(max_length=60)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    seen_on = models.DateField()

    def __str__(self) -> str:
        return f"Check {self.certificate_reference}"


class DutyKind(models.TextChoices):
    EVENT = "event", "An event I ran"
    HELPED = "helped", "People I helped"
    SPREAD = "spread", "Spreading the word"
    OTHER = "other", "Something else"


class DutyLog(models.Model):
    """Activity an ambassador chooses to log: what they did, when, and hours if they wish."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="duty_logs")
    kind = models.CharField(max_length=10, choices=DutyKind)
    done_on = models.DateField()
    description = models.CharField(max_length=300)
    people = models.PositiveIntegerField("people reached or helped", null=True, blank=True)
    hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return self.description
