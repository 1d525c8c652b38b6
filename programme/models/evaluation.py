"""Evaluating the pilot: residents' formal democratic actions, before and after."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .people import PilotSite


class DemocraticAction(models.TextChoices):
    VOTED = "voted", "Voted in an election"
    COUNCIL_MEETING = "council_meeting", "Attended a council meeting"
    PUBLIC_MEETING = "public_meeting", "Attended a public meeting"
    COMMUNITY_MEETING = "community_meeting", "Attended a community meeting"
    STOOD = "stood", "Stood as a councillor"
    COUNCIL_CONSULTATION = "council_consultation", "Answered a council consultation or question"
    GOVERNMENT_CONSULTATION = "government_consultation", "Answered a government consultation"
    PETITION = "petition", "Signed a petition"


class RoundKind(models.TextChoices):
    BASELINE = "baseline", "Baseline (before)"
    CLOSING = "closing", "Closing (after)"


def new_token() -> str:
    return secrets.token_urlsafe(16)


class SurveyRound(models.Model):
    """One round of the questionnaire at one site."""

    site = models.ForeignKey(PilotSite, on_delete=models.PROTECT, related_name="survey_rounds")
    kind = models.CharField(max_length=10, choices=RoundKind)
    is_open = models.BooleanField(default=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["site__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["site", "kind"], name="surveyround_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("programme:survey_answer", args=[self.token])


class SurveyLink(models.Model):
    """A single-use link to answer a round without an account (handed out on paper or by email)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="links")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Link for {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("programme:survey_answer_link", args=[self.token])


class SurveyResponse(models.Model):
    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    link = models.OneToOneField(
        SurveyLink, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actions = models.JSONField(default=list, help_text="The DemocraticAction values ticked.")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="surveyresponse_one_per_person",
            ),
            models.CheckConstraint(
                name="surveyresponse_by_link_or_person",
                condition=models.Q(link__isnull=False) | models.Q(respondent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Response to {self.round}"
