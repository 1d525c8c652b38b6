"""The platform's background work, run by the task worker (`manage.py worker`): sending
the outbox, running periodic jobs, and its own housekeeping."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.management import call_command
from django_tasks import task

from . import limits, outbox

if TYPE_CHECKING:
    from .schedule import Periodic

KEEP_TASK_RESULTS_DAYS = 7


def periodic_jobs() -> list[Periodic]:
    from .schedule import Periodic

    return [
        Periodic("send due emails", dt.timedelta(minutes=1), outbox.send_due),
        Periodic("prune finished tasks", dt.timedelta(days=1), prune_finished_tasks),
        Periodic("purge ended rate-limit counts", dt.timedelta(hours=1), limits.purge),
    ]


def prune_finished_tasks() -> str:
    """The database queue keeps every task's result; a week is enough to look into one."""
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return "not the database queue"
    call_command("prune_db_task_results", min_age_days=KEEP_TASK_RESULTS_DAYS, verbosity=0)
    return "pruned"


@task()
def deliver_email(email_id: int) -> str:
    return outbox.deliver(email_id)


@task()
def send_due_emails() -> int:
    return outbox.send_due()


@task()
def run_periodic(name: str) -> str:
    from . import schedule

    return schedule.run(name)
