"""Emails waiting to be sent, sent, or given up on: the outbox the task worker empties.

Every email is written here in the transaction that caused it, so it is never lost:
not when the mail server is down (it is tried again, with longer waits), not when the
queue loses a job (a sweep every minute picks up what is due), not when the request
that wrote it ends before it is sent.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone


class EmailStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed: not tried again"


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def due(self, now: dt.datetime | None = None) -> OutgoingEmailQuerySet:
        now = now or timezone.now()
        return self.filter(status=EmailStatus.WAITING, next_attempt_at__lte=now)


class OutgoingEmail(models.Model):
    to = models.CharField(max_length=320)
    subject = models.CharField(max_length=300)
    template = models.CharField(max_length=200, help_text="What kind of email this is.")
    message = models.JSONField(
        help_text="Everything needed to build it again: text, HTML and calendar parts, "
        "attachments, reply-to."
    )
    status = models.CharField(max_length=10, choices=EmailStatus, default=EmailStatus.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="When the worker may try it (again)."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = "outgoing email"

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
