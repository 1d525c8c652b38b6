from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from programme.models import PilotSite
from programme.platform.fields import RenderedMarkdownField

if TYPE_CHECKING:
    from .comments import Comment


class DraftStatus(models.TextChoices):
    DRAFTING = "drafting", "Drafting"
    OPEN = "open", "Open for comment"
    REVIEWING = "reviewing", "Reviewing comments"
    ADOPTED = "adopted", "Adopted"
    ARCHIVED = "archived", "Archived"


class PolicyDraftQuerySet(models.QuerySet["PolicyDraft"]):
    def published(self) -> PolicyDraftQuerySet:
        """Drafts with at least one published version: what anyone may read."""
        return self.filter(versions__isnull=False).distinct()

    def open_for_comment(self, now: dt.datetime | None = None) -> PolicyDraftQuerySet:
        """The drafts `PolicyDraft.is_open_for_comment` holds open now, in one filter."""
        now = now or timezone.now()
        return self.filter(
            models.Q(opens_at__isnull=True) | models.Q(opens_at__lte=now),
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now),
            status=DraftStatus.OPEN,
        )


class PolicyDraft(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(max_length=2000, blank=True)
    site = models.ForeignKey(
        PilotSite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policy_drafts",
        help_text="Leave empty for a programme-wide policy.",
    )
    audiences = models.JSONField(default=list, blank=True)
    owners = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="policy_drafts_owned")
    status = models.CharField(max_length=10, choices=DraftStatus, default=DraftStatus.DRAFTING)
    opens_at = models.DateTimeField("comments open", null=True, blank=True)
    closes_at = models.DateTimeField("comments close", null=True, blank=True)
    adopted_version = models.ForeignKey(
        "Version",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version people agree to, once adopted.",
    )
    # Goes up on every save of the working copy, so a stale editor is refused.
    working_revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyDraftQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                name="draft_closes_after_opening",
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policy_drafts:detail", args=[self.slug])

    @cached_property
    def owner_ids(self) -> frozenset[int]:
        """Who owns it, read once per loaded draft (permissions ask for every comment)."""
        return frozenset(self.owners.values_list("pk", flat=True))

    @property
    def is_open(self) -> bool:
        """Open for comment by its status (the dates may still close it: is_open_for_comment)."""
        return self.status == DraftStatus.OPEN

    @property
    def is_adopted(self) -> bool:
        return self.status == DraftStatus.ADOPTED

    @property
    def scope_label(self) -> str:
        return self.site.name if self.site else "Programme-wide"

    def is_open_for_comment(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == DraftStatus.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class WorkingSection(models.Model):
    """A section of the working copy: what the next version will say."""

    draft = models.ForeignKey(
        PolicyDraft, on_delete=models.PROTECT, related_name="working_sections"
    )
    key = models.SlugField(
        max_length=40, help_text="Stable across versions, so a section can be followed."
    )
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200)
    body = models.TextField(max_length=20000, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "key"], name="workingsection_unique_key")
        ]

    def __str__(self) -> str:
        return self.heading


class VersionImmutableError(Exception):
    """A published version, or one of its sections, was about to be changed."""


class Version(models.Model):
    draft = models.ForeignKey(PolicyDraft, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    change_note = models.TextField(max_length=2000, blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.draft} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A published version is a record people commented on: it never changes.
        if self.pk is not None:
            raise VersionImmutableError("A published version cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("policy_drafts:version", args=[self.draft.slug, self.number])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise VersionImmutableError("A published version cannot be deleted.")


class Section(models.Model):
    # Set by policy_drafts.queries.sections_with_comments (not stored).
    thread: list[Comment]
    comment_count: int

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="sections")
    key = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    body = models.TextField(max_length=20000, blank=True)
    body_html = RenderedMarkdownField(source="body")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_unique_key")
        ]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise VersionImmutableError("A section of a published version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise VersionImmutableError("A section of a published version cannot be deleted.")


class Agreement(models.Model):
    """A person's agreement to one adopted version (who, which version, when)."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="agreements")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="policy_agreements"
    )
    agreed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-agreed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="agreement_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.person} agreed to {self.version}"
