"""Programme updates (the project blog) and the replies people leave on them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import reverse
from django.utils import timezone

from programme.platform.fields import RenderedMarkdownField

from ..capacities import SpokenCapacity
from .meetings import Meeting
from .moderation import ModeratedContent
from .people import User


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class UpdateQuerySet(models.QuerySet["Update"]):
    def published(self) -> UpdateQuerySet:
        return self.filter(status=UpdateStatus.PUBLISHED, published_at__lte=timezone.now())


class Update(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    body = models.TextField(max_length=20000, help_text="Markdown.")
    body_html = RenderedMarkdownField(source="body")
    status = models.CharField(max_length=10, choices=UpdateStatus, default=UpdateStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        help_text="The meeting this update reports on, if any.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="updates"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                name="update_published_has_date",
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:update", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return (
            self.status == UpdateStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Reply(SpokenCapacity, ModeratedContent):
    update = models.ForeignKey(Update, on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="update_replies"
    )
    body = models.TextField(max_length=5000)
    body_html = RenderedMarkdownField(source="body")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"Reply by {self.author} on {self.update}"

    def get_absolute_url(self) -> str:
        return f"{self.update.get_absolute_url()}#reply-{self.pk}"

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        from ..permissions import can_write_updates

        return self.update.is_published or can_write_updates(user)
