"""workshops' periodic work, run by the task worker (programme/schedule.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from programme.schedule import Periodic

from . import services


def send_reminders() -> str:
    sent = services.send_due_reminders(lead=dt.timedelta(hours=settings.WORKSHOP_REMINDER_HOURS))
    return f"{sent} reminders sent"


def periodic_jobs() -> list[Periodic]:
    return [Periodic("workshop reminders", dt.timedelta(hours=1), send_reminders)]
