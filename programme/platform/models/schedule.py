"""When each periodic job last ran, and who holds it now (programme/platform/schedule.py)."""

from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    name = models.CharField(max_length=80, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    held_until = models.DateTimeField(
        null=True, blank=True, help_text="Set while a worker runs it; no other starts it."
    )
    last_outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
