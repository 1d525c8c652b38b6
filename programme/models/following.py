"""Following: a person (or a visitor, by a confirmed email address) chose to hear of what
happens to a site, a consultation or a discussion, as it happens or in a weekly digest.

Any model with `get_absolute_url` and a readable `str` can be followed; the apps say what
they announce (`programme.following.announce`). A following is never deleted: stopping
stamps `stopped_at`, so an unsubscribe link cannot be replayed to start it again, and the
record of who asked for what, and when they stopped, stays whole.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


def following_token() -> str:
    return secrets.token_urlsafe(24)


class Cadence(models.TextChoices):
    IMMEDIATE = "immediate", "As it happens"
    WEEKLY = "weekly", "Once a week, in one email"


class FollowReason(models.TextChoices):
    """How the following began: chosen, or because the person took part (they can stop it)."""

    CHOSE = "chose", "You chose to follow it"
    COMMENTED = "commented", "You commented on it"
    POSTED = "posted", "You posted in it"


class FollowingQuerySet(models.QuerySet["Following"]):
    def active(self) -> FollowingQuerySet:
        """Still wanted, and the address is confirmed: only these are ever written to."""
        return self.filter(stopped_at__isnull=True, confirmed_at__isnull=False)

    def of(self, target: models.Model) -> FollowingQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        )


class Following(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followings",
    )
    # A visitor's address; for a person, empty (their account's address is used, as it is now).
    email = models.EmailField(blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    cadence = models.CharField(max_length=10, choices=Cadence, default=Cadence.IMMEDIATE)
    why = models.CharField(max_length=10, choices=FollowReason, default=FollowReason.CHOSE)
    # In every email's one-click unsubscribe address and the visitor's confirmation link.
    token = models.CharField(max_length=64, unique=True, default=following_token)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    # The last weekly digest that carried this following's news.
    digested_at = models.DateTimeField(null=True, blank=True)

    objects = FollowingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="following_person_or_email",
                condition=(
                    models.Q(person__isnull=False, email="")
                    | models.Q(person__isnull=True) & ~models.Q(email="")
                ),
            ),
            # One live following of a thing per person, and per visitor's address.
            models.UniqueConstraint(
                fields=["person", "content_type", "object_id"],
                condition=models.Q(stopped_at__isnull=True, person__isnull=False),
                name="following_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["email", "content_type", "object_id"],
                condition=models.Q(stopped_at__isnull=True, person__isnull=True),
                name="following_once_per_visitor",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "stopped_at"])]

    def __str__(self) -> str:
        return f"{self.address} follows {self.content_type.model} {self.object_id}"

    @property
    def is_weekly(self) -> bool:
        return self.cadence == Cadence.WEEKLY

    @property
    def address(self) -> str:
        return self.person.email if self.person is not None else self.email


class Notice(models.Model):
    """One thing that happened to a followed thing, kept for the weekly digest of the people
    who chose one (those who chose "as it happens" were emailed at once)."""

    following = models.ForeignKey(Following, on_delete=models.CASCADE, related_name="notices")
    headline = models.CharField(max_length=300)
    detail = models.TextField(max_length=2000, blank=True)
    url = models.CharField(max_length=500)
    happened_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["happened_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "happened_at"])]

    def __str__(self) -> str:
        return self.headline
