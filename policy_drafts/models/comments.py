from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import reverse
from django.utils import timezone

from programme.capacities import SpokenCapacity
from programme.models import ModeratedContent, PilotSite, User
from programme.platform.fields import RenderedMarkdownField

from ..anchoring import as_read
from .drafts import Section

if TYPE_CHECKING:
    from ..forms import DecisionForm


class Stance(models.TextChoices):
    SUPPORT = "support", "Support"
    OBJECT = "object", "Object"
    SUGGEST = "suggest", "Suggest a change"
    QUESTION = "question", "Question"


class SuggestionStatus(models.TextChoices):
    NONE = "", "No suggestion"
    PENDING = "pending", "Awaiting a decision"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class CommentQuerySet(models.QuerySet["Comment"]):
    def top_level(self) -> CommentQuerySet:
        return self.filter(parent__isnull=True)

    def shown(self) -> CommentQuerySet:
        return self.filter(hidden_at__isnull=True, withdrawn_at__isnull=True)


class Comment(SpokenCapacity, ModeratedContent):
    """A comment on one section of one version, in the capacity its author chose then.

    It points at a `Section`, so its version is `section.version` and the two can
    never disagree. A quote, where given, is the passage with some context and
    its character offsets in that section's body.
    """

    # Prefetched by policy_drafts.queries and set by the reading views (not stored).
    answers: list[Comment]
    owner_responses: list[Response]
    decision_form: DecisionForm

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="policy_comments"
    )
    # Indexed by comment_reply_parent below, over replies only.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        db_index=False,
    )
    stance = models.CharField(max_length=10, choices=Stance, blank=True)
    body = models.TextField(max_length=10000)
    body_html = RenderedMarkdownField(source="body")
    quote = models.TextField(max_length=5000, blank=True)
    quote_prefix = models.CharField(max_length=60, blank=True)
    quote_suffix = models.CharField(max_length=60, blank=True)
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    suggestion = models.TextField("suggested replacement", max_length=5000, blank=True)
    suggestion_status = models.CharField(
        max_length=10, choices=SuggestionStatus, blank=True, default=""
    )
    suggestion_reason = models.TextField(max_length=2000, blank=True)
    suggestion_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suggestion_decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["section", "created_at"]),
            # Who commented on what shows (how many people have commented): read from the index.
            models.Index(
                fields=["section", "author"],
                condition=models.Q(hidden_at__isnull=True, withdrawn_at__isnull=True),
                name="comment_shown_author",
            ),
            # A thread's replies by their parents. Over replies only: a plain index on
            # parent_id is half NULLs (every top-level comment), so SQLite's statistics
            # took `parent_id IN (...)` for 100,000 rows a value and read the replies of a
            # page through the authors instead (100 ms at 200,000 comments, 0.5 ms this way).
            models.Index(
                fields=["parent", "created_at"],
                condition=models.Q(parent__isnull=False),
                name="comment_reply_parent",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="comment_suggestion_needs_quote",
                condition=models.Q(suggestion="") | ~models.Q(quote=""),
            ),
            models.CheckConstraint(
                name="comment_quote_offsets_in_order",
                condition=models.Q(quote_start__isnull=True)
                | models.Q(quote_end__gte=models.F("quote_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.section}"

    def get_absolute_url(self) -> str:
        """Where the comment can be read: its version's page, or its section's page of
        comments when the version shows only the latest (policy_drafts:comment decides)."""
        return reverse("policy_drafts:comment", args=[self.pk])

    @property
    def suggestion_pending(self) -> bool:
        return self.suggestion_status == SuggestionStatus.PENDING

    @property
    def passage(self) -> str:
        """The quoted passage as readers saw it (`quote` keeps the Markdown it covers)."""
        return as_read(self.quote)

    def moderation_site(self) -> PilotSite | None:
        return self.section.version.draft.site

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        # Comments are made on published versions, which everyone may read.
        return True


class Response(models.Model):
    """An owner's answer to a comment ("you said, we did")."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Response to {self.comment_id}"
