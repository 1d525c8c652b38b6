"""What make chaos found: PostgreSQL or Redis away for a moment must not turn into 500s,
lost counts or an email sent twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet
from django.utils import timezone

from programme.models import BuildStage, EmailStatus, LimitWindow, PilotSite, ScheduledRun
from programme.notifications import email_after_commit
from programme.platform import limits, outbox, retrying, schedule
from programme.services import ProgrammeError
from townhall.permissions import site_for

# Nothing listens on port 1 of this machine: every connection is refused at once.
REDIS_AWAY = "redis://127.0.0.1:1/0"


@pytest.fixture
def no_waiting(monkeypatch):
    monkeypatch.setattr(retrying.time, "sleep", lambda seconds: None)


def test_a_request_while_the_database_is_away_is_a_503_asking_to_try_again(client, db, monkeypatch):
    def away(*args: object, **kwargs: object) -> None:
        raise OperationalError('connection to server at "127.0.0.1" failed: Connection refused')

    client.raise_request_exception = False
    with monkeypatch.context() as patched:
        patched.setattr(CursorWrapper, "execute", away)
        response = client.get("/")
    assert response.status_code == 503  # was 500, as for a bug
    assert response["Retry-After"] == "10"
    assert b"back in a moment" in response.content
    assert b"not saved" in response.content


def test_a_bug_is_still_a_500(client, db, monkeypatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr("programme.views.pages.queries.sites_for_home", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert b"something went wrong" in response.content


def test_pages_are_served_while_redis_is_away(client, site, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "programme.platform.cache.ForgivingRedisCache",
            "LOCATION": REDIS_AWAY,
        }
    }
    settings.TOWNHALL_DATA_CACHE_SECONDS = 60
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    site_for(site.slug)
    for url in ("/", f"/sites/{site.slug}/", "/preview-card.png"):
        assert client.get(url).status_code == 200, url  # the page cache and data cache miss
    assert client.get("/health/").status_code == 503  # while monitoring hears the truth


def test_rate_limits_count_in_the_database_while_redis_is_away(db, settings):
    settings.RATE_LIMIT_STORE, settings.REDIS_URL = "redis", REDIS_AWAY
    limit = limits.Limit("outage-test", 2, dt.timedelta(minutes=10), "tried")
    limits.count_or_refuse(limit, "10.0.0.1")
    limits.count_or_refuse(limit, "10.0.0.1")
    with pytest.raises(ProgrammeError):  # the limit still holds: not failing open
        limits.count_or_refuse(limit, "10.0.0.1")
    assert LimitWindow.objects.get().count == 3
    assert limits.is_reached(limit, "10.0.0.1")


def _queued(resident) -> int:
    email_after_commit(
        to=resident.email, subject="Hello", template="accounts/email/confirm.txt", context={}
    )
    return outbox.OutgoingEmail.objects.get().pk


@pytest.mark.django_db(transaction=True)
def test_an_email_sent_while_the_database_blinks_is_still_marked_sent_and_not_sent_again(
    resident, settings, monkeypatch, no_waiting
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    email_id = _queued(resident)
    update = QuerySet.update
    failures: list[int] = []

    def blinking(queryset: QuerySet, **values: object) -> int:
        if values.get("status") == EmailStatus.SENT and not failures:
            failures.append(1)  # PostgreSQL restarts just after the mail server took it
            raise OperationalError("terminating connection due to administrator command")
        return update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", blinking)
    assert outbox.deliver(email_id) == "sent"
    email = outbox.OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    # A quarter of an hour later the sweep finds nothing stuck to send again.
    later = timezone.now() + outbox.STUCK_AFTER + dt.timedelta(minutes=1)
    monkeypatch.setattr(outbox.timezone, "now", lambda: later)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert outbox.send_due() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_delivery_run_twice_sends_one_email(resident, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    email_id = _queued(resident)
    assert [outbox.deliver(email_id), outbox.deliver(email_id)] == ["sent", "not due"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_periodic_job_is_let_go_after_the_database_blinks(monkeypatch, no_waiting):
    ScheduledRun.objects.create(name="send due emails", held_until=timezone.now())
    update = QuerySet.update
    failures: list[int] = []

    def blinking(queryset: QuerySet, **values: object) -> int:
        if "last_outcome" in values and not failures:
            failures.append(1)
            raise OperationalError("the database system is shutting down")
        return update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", blinking)
    schedule.release("send due emails", "3")
    # Was held for the job's whole hold (31 minutes for the outbox's sweep).
    assert ScheduledRun.objects.get().held_until is None


def test_a_step_inside_a_transaction_is_not_tried_again(db, no_waiting):
    tries = []

    def failing() -> None:
        tries.append(1)
        raise OperationalError("gone")

    with pytest.raises(OperationalError):
        retrying.retried(failing)  # the test's transaction encloses it
    assert tries == [1]
