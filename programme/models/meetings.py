"""Project meetings of the programme, and the actions that come out of them (or out of anywhere)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from programme.platform.fields import RenderedMarkdownField

from .people import PilotSite, User


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self) -> MeetingQuerySet:
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> MeetingQuerySet:
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends", null=True, blank=True)
    place = models.CharField(max_length=200, blank=True, help_text="Where people meet in person.")
    online_url = models.URLField("online link", blank=True, help_text="For people joining online.")
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings_attended"
    )
    sites = models.ManyToManyField(
        PilotSite, blank=True, related_name="meetings", verbose_name="sites represented"
    )
    agenda = models.TextField(max_length=10000, blank=True, help_text="Markdown.")
    minutes = models.TextField(max_length=20000, blank=True, help_text="Markdown.")
    decisions = models.TextField(
        max_length=10000, blank=True, help_text="Markdown: one decision per line or bullet."
    )
    agenda_html = RenderedMarkdownField(source="agenda")
    minutes_html = RenderedMarkdownField(source="minutes")
    decisions_html = RenderedMarkdownField(source="decisions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                name="meeting_ends_after_it_starts",
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:meeting", args=[self.pk])


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> ActionItemQuerySet:
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today: dt.date | None = None) -> ActionItemQuerySet:
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def owned_by(self, user: User) -> ActionItemQuerySet:
        return self.filter(owner=user)


class ActionItem(models.Model):
    """Something someone will do: raised in a meeting or on its own."""

    title = models.CharField("what", max_length=300)
    notes = models.TextField(max_length=2000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions_owned"
    )
    site = models.ForeignKey(
        PilotSite, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    due_on = models.DateField("due", null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActionStatus, default=ActionStatus.OPEN)
    status_changed_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = "action"

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == ActionStatus.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )
