"""Shared moderation: reports with reasons, hide/restore decisions, withdrawal by the author.

Comments, replies and posts in every app inherit `ModeratedContent`; nothing
is ever deleted. Hidden content shows as hidden, withdrawn content as withdrawn.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .people import PilotSite, User


class ModeratedContent(models.Model):
    """Something a person wrote that others can report and moderators can hide."""

    # Set by the views that show the item, for its controls (not stored).
    viewer_can_moderate: bool
    viewer_can_report: bool

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(max_length=2000, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        """Where the item is shown, to return to once it is reported or moderated."""
        raise NotImplementedError

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_visible(self) -> bool:
        return not (self.is_hidden or self.is_withdrawn)

    # Each concrete model says who wrote it, where it belongs, where it is shown, and who sees it.
    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        """Whether this person may see the item where it is shown (its owning app decides).

        Reporting and every moderation page ask first, so an item held for an
        ambassador, or on a site not live yet, is a 404 to everyone else.
        """
        raise NotImplementedError

    def moderation_author(self) -> User | None:
        """Who wrote it: the `author` most kinds have (a kind without one says so itself)."""
        author: User | None = getattr(self, "author", None)
        return author

    def moderation_author_id(self) -> int | None:
        """Who wrote it, by id: read without a query, for pages listing many."""
        author_id: int | None = getattr(self, "author_id", None)
        return author_id

    def moderation_site(self) -> PilotSite | None:
        """The site whose ambassadors may moderate this; None means programme-wide."""
        return None

    def moderation_byline(self) -> str:
        author = self.moderation_author()
        return f"By {author.public_name}" if author is not None else ""

    def moderation_excerpt(self) -> str:
        return str(getattr(self, "body", ""))[:200]


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    """Someone signed in says a piece of content breaks the house rules, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    site = models.ForeignKey(PilotSite, on_delete=models.PROTECT, null=True, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports_made"
    )
    reason = models.TextField(max_length=2000)
    # The reporter's network, as a keyed digest (programme.platform.clients.network_key): reports
    # from one network weigh as one, however many accounts make them. Never an address.
    network = models.CharField(max_length=32, blank=True, default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"],
                condition=models.Q(resolved_at__isnull=True),
                name="report_one_open_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"Report by {self.reporter} on {self.content_type.name} {self.object_id}"


class DecisionAction(models.TextChoices):
    HIDE = "hide", "Hidden"
    RESTORE = "restore", "Restored"
    DISMISS = "dismiss", "Reports dismissed"


class ModerationDecision(models.Model):
    """A moderator's decision on a piece of content: who, what, why and when."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    site = models.ForeignKey(PilotSite, on_delete=models.PROTECT, null=True, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=10, choices=DecisionAction)
    reason = models.TextField(max_length=2000)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.moderator}"
