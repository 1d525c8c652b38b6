"""A site's build stage history and the sign-offs that let it go live."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .people import BuildStage, PilotSite


class BuildStageChange(models.Model):
    site = models.ForeignKey(PilotSite, on_delete=models.PROTECT, related_name="stage_changes")
    stage = models.CharField(max_length=20, choices=BuildStage)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.site}: {self.get_stage_display()}"


class SignOffRole(models.TextChoices):
    SITE_LEAD = "site_lead", "Site lead"
    COORDINATOR = "coordinator", "Coordinator"


class GoLiveSignOff(models.Model):
    """A site lead's or coordinator's signature on the go-live checklist.

    Both are needed before a site goes live. A sign-off stays on record; it is
    superseded (not deleted) when the site leaves the live stage or the signer
    withdraws it.
    """

    site = models.ForeignKey(PilotSite, on_delete=models.PROTECT, related_name="sign_offs")
    role = models.CharField(max_length=20, choices=SignOffRole)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    checklist = models.JSONField(default=list, help_text="The checklist as it stood when signed.")
    note = models.TextField(max_length=2000, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "role"],
                condition=models.Q(superseded_at__isnull=True),
                name="signoff_one_current_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.get_role_display()} sign-off by {self.signed_by}"
