"""Rate-limit counts kept in the database (programme/platform/limits.py), shared by every process."""

from __future__ import annotations

from django.db import models


class LimitWindow(models.Model):
    """How often one subject did one thing in the window now open for it.

    One row per limit and subject (`key` holds a hash, never the address itself); the
    row starts afresh when its window has ended, and the schedule purges rows whose
    window ended long ago.
    """

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField()
    ends_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count} until {self.ends_at:%Y-%m-%d %H:%M}"
