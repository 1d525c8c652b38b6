"""The social web audit: per site, what already exists and the site's relationship with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from programme.platform.fetching import validate_public_url

from .people import PilotSite


class AuditCategory(models.TextChoices):
    NEWS = "news", "News"
    COUNCIL_CONTENT = "council_content", "Council content"
    BLOGS = "blogs", "Blogs & social reporters"
    SOCIAL_NETWORKING = "social_networking", "Social networking"


class Activity(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    OCCASIONAL = "occasional", "Occasional"
    DORMANT = "dormant", "Dormant"


class Relationship(models.IntegerChoices):
    """Ordered by strength, so "strongest relationship" is a MAX()."""

    NONE = 0, "None"
    AWARE = 1, "Aware"
    IN_CONTACT = 2, "In contact"
    PARTNER = 3, "Partner"


# The fields a person fills in, in the order forms, imports and exports use them.
EDITABLE_FIELDS = [
    "category",
    "name",
    "url",
    "feed_url",
    "owner",
    "reach",
    "activity",
    "relationship",
    "contact_person",
    "next_step",
    "last_reviewed_on",
]
# Set in the form but not carried by CSV imports and exports: a person, not a cell of text.
FORM_ONLY_FIELDS = ["feed_provider"]


class AuditEntry(models.Model):
    # What fetching its feed last found, where queries.audit_entries sets it (the town hall
    # fetches the feeds and keeps what it found itself).
    feed_healthy: bool | None
    feed_problem: str

    site = models.ForeignKey(PilotSite, on_delete=models.PROTECT, related_name="audit_entries")
    category = models.CharField(max_length=20, choices=AuditCategory)
    name = models.CharField(max_length=200)
    url = models.URLField("web address", max_length=500)
    feed_url = models.URLField(
        "RSS or Atom feed",
        max_length=500,
        blank=True,
        help_text="The town hall site can bring in its posts from this feed.",
        validators=[validate_public_url],
    )
    feed_provider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_feeds",
        verbose_name="content provider",
        help_text="The content provider who runs this feed. Once they agree to the site's social web "
        "policy, its posts appear on the town hall site without waiting for an ambassador.",
    )
    owner = models.CharField("owner or organisation", max_length=200, blank=True)
    reach = models.PositiveIntegerField(
        "audience reach",
        null=True,
        blank=True,
        help_text="Readers, followers or members, if known.",
    )
    activity = models.CharField("how active", max_length=12, choices=Activity, blank=True)
    relationship = models.PositiveSmallIntegerField(choices=Relationship, default=Relationship.NONE)
    contact_person = models.CharField(max_length=200, blank=True)
    next_step = models.TextField(max_length=1000, blank=True)
    last_reviewed_on = models.DateField("last reviewed", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["site__name", "category", "name"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "category", "name"], name="auditentry_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_category_display()}, {self.site})"
