"""Periodic jobs, run by the task worker without cron.

Each app lists its jobs through the `periodic_jobs` hook. Every worker process runs a
small clock (`manage.py worker`) that, every half minute, claims the jobs that are due
with one conditional UPDATE, so of two workers only one starts a job; the claim holds
the job until it finishes (or, if its worker dies, for a while), so a slow run is never
overlapped by the next. The job itself runs as a task on the queue.

The management commands (`fetch_feeds`, `send_workshop_reminders`, …) stay, for cron.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from . import hooks
from .models import ScheduledRun
from .retrying import retried

logger = logging.getLogger(__name__)

HOLD_MARGIN = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Periodic:
    name: str
    every: dt.timedelta
    run: Callable[[], object]  # what it returns is recorded as its outcome

    @property
    def held_for(self) -> dt.timedelta:
        """How long a claim lasts if its worker never says it finished (it died)."""
        return self.every + HOLD_MARGIN


def jobs() -> dict[str, Periodic]:
    return {job.name: job for hook in hooks.periodic_jobs.implementations() for job in hook()}


def claim(job: Periodic, now: dt.datetime | None = None) -> bool:
    """Take the job if it is due and nobody holds it; True for exactly one claimant."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            ScheduledRun.objects.get_or_create(name=job.name)
    except IntegrityError:  # another worker made the row at the same moment
        pass
    with transaction.atomic():
        return bool(
            ScheduledRun.objects.filter(name=job.name)
            .filter(Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every))
            .filter(Q(held_until__isnull=True) | Q(held_until__lt=now))
            .update(last_started_at=now, held_until=now + job.held_for)
        )


def release(name: str, outcome: str) -> None:
    # Waits out a database restart: a release that failed would hold the job (the outbox's
    # sweep, say) for its whole hold, half an hour and more.
    retried(
        lambda: ScheduledRun.objects.filter(name=name).update(
            held_until=None, last_finished_at=timezone.now(), last_outcome=outcome[:300]
        )
    )


def start_due(now: dt.datetime | None = None) -> list[str]:
    """Claim every due job and put it on the queue; the names started."""
    from .tasks import run_periodic

    started = []
    for job in jobs().values():
        if not claim(job, now):
            continue
        try:
            run_periodic.enqueue(job.name)
        except Exception:  # the queue is down: let the next tick try again
            logger.exception("Could not queue the periodic job %s", job.name)
            release(job.name, "could not be queued")
            with transaction.atomic():
                ScheduledRun.objects.filter(name=job.name).update(last_started_at=None)
            continue
        started.append(job.name)
    return started


def run(name: str) -> str:
    """Run one claimed job (on the worker) and let it go, whatever happens."""
    job = jobs().get(name)
    if job is None:
        release(name, "no such job")
        return "no such job"
    outcome = "failed"
    try:
        outcome = str(job.run())
    finally:
        release(name, outcome)
    return outcome
