from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .applications import Application


class OnboardingKind(models.TextChoices):
    AGREEMENT = "agreement", "Agree to the ambassador agreement"
    READ_POLICY = "read_policy", "Read the social web policy"
    INDUCTION = "induction", "Attend an induction workshop"
    MODERATION_TRAINING = "moderation_training", "Moderation training"
    PERSONA = "persona", "Set up your civic persona"
    FIRST_POST = "first_post", "Your first post"
    OTHER = "other", "Other"


class OnboardingItem(models.Model):
    """The onboarding template a coordinator edits; each approved ambassador gets a copy to work through."""

    kind = models.CharField(max_length=25, choices=OnboardingKind)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    expires_after_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For training that needs a refresher (e.g. 12 for moderation).",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class OnboardingStep(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="onboarding"
    )
    item = models.ForeignKey(OnboardingItem, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["item__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="onboarding_step_once")
        ]

    def __str__(self) -> str:
        return str(self.item)

    @property
    def is_done(self) -> bool:
        return self.done_at is not None and (
            self.expires_on is None or self.expires_on >= timezone.localdate()
        )
