"""Send workshop reminders that have fallen due. Safe to run every few minutes (e.g. from cron)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from programme.platform.text import plural
from workshops import services


class Command(BaseCommand):
    help = "Email each confirmed attendee one reminder, WORKSHOP_REMINDER_HOURS before the start."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_due_reminders(
            lead=dt.timedelta(hours=settings.WORKSHOP_REMINDER_HOURS)
        )
        self.stdout.write(f"{plural(sent, 'reminder')} sent.")
