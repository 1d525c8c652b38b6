"""Periodic jobs run on the worker without cron, never twice at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from programme import hooks
from programme.models import ScheduledRun
from programme.platform import schedule

RUNS: list[str] = []


def _counted() -> str:
    RUNS.append("ran")
    return f"run {len(RUNS)}"


def _broken() -> str:
    raise RuntimeError("the feed host vanished")


COUNTED = schedule.Periodic("counted", dt.timedelta(minutes=10), _counted)
BROKEN = schedule.Periodic("broken", dt.timedelta(minutes=10), _broken)


@pytest.fixture(autouse=True)
def _fresh():
    RUNS.clear()


def test_every_app_schedules_its_work():
    assert {"send due emails", "fetch feeds", "workshop reminders", "retention purge"} <= set(
        schedule.jobs()
    )
    assert schedule.jobs()["fetch feeds"].every == dt.timedelta(minutes=10)
    assert schedule.jobs()["workshop reminders"].every == dt.timedelta(hours=1)
    assert schedule.jobs()["retention purge"].every == dt.timedelta(days=1)


def test_of_two_workers_only_one_claims_a_due_job(db):
    now = timezone.now()
    assert schedule.claim(COUNTED, now) is True
    assert schedule.claim(COUNTED, now) is False  # the second worker, the same moment


def test_a_slow_run_is_not_overlapped_by_the_next(db):
    now = timezone.now()
    assert schedule.claim(COUNTED, now)
    later = now + dt.timedelta(minutes=11)  # due again, but the first run still holds it
    assert schedule.claim(COUNTED, later) is False
    schedule.release("counted", "done")
    assert schedule.claim(COUNTED, later) is True


def test_a_job_whose_worker_died_is_taken_up_once_its_hold_runs_out(db):
    now = timezone.now()
    assert schedule.claim(COUNTED, now)  # and the worker is killed: nothing releases it
    assert schedule.claim(COUNTED, now + dt.timedelta(minutes=11)) is False
    assert schedule.claim(COUNTED, now + COUNTED.held_for + dt.timedelta(seconds=1))


def test_due_jobs_run_once_and_record_what_happened(db):
    with hooks.periodic_jobs.temporarily(lambda: [COUNTED, BROKEN]):
        schedule.start_due()  # tasks run at once in tests; the broken one fails as a task
        row = ScheduledRun.objects.get(name="broken")
        assert row.held_until is None
        assert row.last_outcome == "failed"
        schedule.start_due()
    assert RUNS == ["ran"]  # not again: it ran less than ten minutes ago
    counted = ScheduledRun.objects.get(name="counted")
    assert counted.last_outcome == "run 1"
    assert counted.held_until is None


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_the_worker_runs_what_the_clock_started(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with hooks.periodic_jobs.temporarily(lambda: [COUNTED]):
        assert "counted" in schedule.start_due()
        assert RUNS == []  # queued, not run
        assert schedule.start_due() == []  # a second worker's clock: nothing due
        call_command("db_worker", "--batch", "--queue-name", "default", verbosity=0)
    assert RUNS == ["ran"]
    assert ScheduledRun.objects.get(name="counted").held_until is None
