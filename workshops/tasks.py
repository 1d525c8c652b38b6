"""workshops' background work, run by the task worker: emails to everyone concerned (one
task, not a loop in the request) and the periodic reminders (programme/platform/schedule.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from programme.platform.schedule import Periodic

from . import services


@task()
def tell_of_cancellation(workshop_id: int, reason: str) -> int:
    return services.planning.tell_of_cancellation(workshop_id, reason)


@task()
def tell_of_change(workshop_id: int, changes: list[list[str]]) -> int:
    return services.planning.tell_of_change(workshop_id, changes)


@task()
def send_invitations(invitation_ids: list[int]) -> int:
    return services.planning.send_invitations(invitation_ids)


@task()
def ask_for_feedback(registration_ids: list[int]) -> int:
    return services.running.ask_for_feedback(registration_ids)


def send_reminders() -> str:
    sent = services.send_due_reminders(lead=dt.timedelta(hours=settings.WORKSHOP_REMINDER_HOURS))
    return f"{sent} reminders sent"


def periodic_jobs() -> list[Periodic]:
    return [Periodic("workshop reminders", dt.timedelta(hours=1), send_reminders)]
