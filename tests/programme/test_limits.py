"""Rate limits: one count for every process, checked and counted in one step, per subject,
for the whole window, with a time to try again."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
import time
import types
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programme.models import LimitWindow, OutgoingEmail, Reply, User
from programme.platform import limits
from programme.services import ProgrammeError, accounts
from programme.services import updates as update_services
from tests.factories import UserFactory

from .test_sqlite_under_load import CSRF, ROOT, Browser, _free_port, _stop, only_on_sqlite

THREE = limits.Limit("test", 3, dt.timedelta(minutes=10), "tried")
HOURLY = limits.Limit("test-hourly", 3, dt.timedelta(hours=1), "tried")


def test_a_limit_refuses_after_its_count_and_says_when_to_come_back(db):
    for _ in range(3):
        limits.count_or_refuse(THREE, "someone")
    with pytest.raises(ProgrammeError) as error:
        limits.count_or_refuse(THREE, "someone")
    assert error.value.code == "rate_limited"
    assert "You have tried a lot in the last 10 minutes" in error.value.message
    assert "You can try again at " in error.value.message
    limits.count_or_refuse(THREE, "someone else")  # others are not held back


def test_a_limit_opens_again_when_its_window_closes(db, monkeypatch):
    for _ in range(3):
        limits.count_or_refuse(THREE, "someone")
    assert limits.is_reached(THREE, "someone")
    later = timezone.now() + dt.timedelta(minutes=11)
    monkeypatch.setattr(limits.timezone, "now", lambda: later)
    assert not limits.is_reached(THREE, "someone")
    limits.count_or_refuse(THREE, "someone")  # taken: the window had closed
    assert limits.allow(THREE, "someone")  # the second of three in the new window


def test_allow_and_is_reached_agree_with_take(db):
    assert [limits.allow(THREE, "someone") for _ in range(5)] == [True] * 3 + [False] * 2
    assert limits.is_reached(THREE, "someone")
    assert not limits.is_reached(THREE, "someone else")


def test_subjects_are_hashed_so_addresses_never_sit_in_the_database(db):
    limits.count_or_refuse(THREE, "victim@example.org")
    assert LimitWindow.objects.count() == 1
    assert not LimitWindow.objects.filter(key__icontains="victim").exists()


@pytest.fixture
def clock(monkeypatch) -> Callable[[float], None]:
    """Move every clock the limits and Django's caches read `seconds` on from now."""
    start, offset = time.time(), [0.0]
    fake_time = types.SimpleNamespace(time=lambda: start + offset[0])
    for module in ("base", "filebased", "locmem"):
        monkeypatch.setattr(f"django.core.cache.backends.{module}.time", fake_time)
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(seconds=offset[0]))

    def move(seconds: float) -> None:
        offset[0] = seconds

    return move


@pytest.fixture
def cache_directory(settings, tmp_path) -> None:
    """The cache of a deployment without Redis but with DJANGO_CACHE_DIR, which the web
    workers of one machine share (where the limits used to count)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


def test_a_count_lasts_its_whole_hour_with_a_cache_directory(db, cache_directory, clock):
    # The file cache's incr rewrote the count with the cache's five-minute default, so
    # after 300 s an address had three more reset emails however long its hour still ran.
    for _ in range(3):
        limits.count_or_refuse(HOURLY, "someone")
    clock(301)
    assert limits.is_reached(HOURLY, "someone")
    assert not limits.allow(HOURLY, "someone")
    clock(59 * 60)
    with pytest.raises(ProgrammeError) as error:
        limits.count_or_refuse(HOURLY, "someone")
    opened = timezone.localtime(timezone.now() - dt.timedelta(minutes=59))
    assert f"try again at {opened + dt.timedelta(hours=1):%H:%M}" in error.value.message
    clock(60 * 60 + 1)
    assert not limits.is_reached(HOURLY, "someone")
    limits.count_or_refuse(HOURLY, "someone")  # a new window, counted afresh


def test_spent_counts_are_purged_by_the_schedule(db, clock):
    from programme.platform.tasks import periodic_jobs

    job = next(job for job in periodic_jobs() if job.run is limits.purge)
    limits.count_or_refuse(THREE, "someone")
    limits.count_or_refuse(HOURLY, "someone")
    clock(71 * 60)  # THREE's window ended over an hour ago, HOURLY's 11 minutes ago
    assert job.run() == "1 ended"
    assert list(LimitWindow.objects.values_list("key", flat=True)) == [
        limits._key(HOURLY, "someone")
    ]


def test_another_database_connection_sees_the_same_count(transactional_db):
    for _ in range(3):
        limits.count_or_refuse(THREE, "203.0.113.9")
    seen: list[bool] = []

    def elsewhere() -> None:
        try:
            seen.append(limits.is_reached(THREE, "203.0.113.9"))
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert seen == [True]


class WebWorkers:
    def __init__(self, ports: list[int], database: Path) -> None:
        self.ports = ports
        self.database = database

    def emails_queued(self) -> int:
        with sqlite3.connect(self.database, timeout=30) as db:
            return db.execute("SELECT COUNT(*) FROM programme_outgoingemail").fetchone()[0]


@pytest.fixture
def two_web_workers(tmp_path: Path) -> Iterator[WebWorkers]:
    """Two web processes on one SQLite file, as two gunicorn workers are, with what a
    deployment without Redis or a cache directory gets (no worker: emails stay queued)."""
    database = tmp_path / "db.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "REDIS_URL",
            "DJANGO_CACHE_DIR",
            "RATE_LIMIT_STORE",
            "TASKS_IMMEDIATE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    } | {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",
        "EMAIL_URL": "locmem://",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            *manage,
            "shell",
            "-v0",
            "-c",
            "from programme.models import User\n"
            "User.objects.create_user(email='rosa@example.org', full_name='Rosa Green', "
            "password='plum-orchard-lantern-7431')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / f"web-{n}.log" for n in range(2)]
    processes: list[subprocess.Popen] = []
    try:
        for port, log_path in zip(ports, logs, strict=True):
            with log_path.open("w") as log:
                processes.append(
                    subprocess.Popen(
                        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        deadline = time.monotonic() + 30
        for port in ports:
            while True:
                assert all(p.poll() is None for p in processes), logs[0].read_text()
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2):
                        break
                except OSError:  # not listening yet
                    pass
                assert time.monotonic() < deadline, "runserver did not start"
                time.sleep(0.2)
        yield WebWorkers(ports, database)
    finally:
        for process in processes:
            _stop(process)


@only_on_sqlite
def test_two_web_workers_share_one_count(two_web_workers):
    # Twenty password resets for one address, every other one served by the other worker:
    # each worker used to count alone, so the address got 3 emails from each (6, limit 3).
    browsers = [Browser(port, "203.0.113.9") for port in two_web_workers.ports]
    answers = set()
    try:
        for n in range(20):
            browser = browsers[n % 2]
            status, page = browser.open("/accounts/password/reset/")
            token = CSRF.search(page)
            assert status == 200
            assert token is not None
            data = {"email": "rosa@example.org", "csrfmiddlewaretoken": token.group(1)}
            answers.add(browser.open("/accounts/password/reset/", data)[0])
    finally:
        for browser in browsers:
            browser.connection.close()
    assert answers == {302}  # the same answer every time
    assert two_web_workers.emails_queued() == accounts.EMAILS_PER_ADDRESS.count == 3


@pytest.fixture
def at_once() -> Callable[[int, Callable[[int], object]], list[object]]:
    """Run `work(n)` in `count` threads released together, each on its own connection;
    what each returned, or the exception it raised."""

    def run(count: int, work: Callable[[int], object]) -> list[object]:
        start = threading.Barrier(count)
        results: list[object] = [None] * count

        def one(n: int) -> None:
            try:
                start.wait()
                results[n] = work(n)
            except Exception as error:  # noqa: BLE001 (handed to the test, which names it)
                results[n] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    return run


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrency is tested on PostgreSQL (CI runs both)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_twenty_attempts_at_once_exactly_the_limit_pass(at_once, cache_directory):
    _postgres_only()
    results = at_once(20, lambda n: limits.allow(HOURLY, "203.0.113.9"))
    assert results.count(True) == HOURLY.count
    assert results.count(False) == 20 - HOURLY.count


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_password_resets_at_once_send_three_emails(at_once, cache_directory):
    _postgres_only()
    UserFactory.create(email="rosa@example.org")

    def reset(n: int) -> tuple[int, str]:
        response = Client().post(reverse("accounts:password_reset"), {"email": "rosa@example.org"})
        return response.status_code, response.get("Location", "")

    sent = reverse("accounts:password_reset_done")
    assert at_once(10, reset) == [(302, sent)] * 10
    assert OutgoingEmail.objects.count() == accounts.EMAILS_PER_ADDRESS.count  # was 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_sign_ups_at_once_from_one_client_make_ten_accounts(at_once, cache_directory):
    _postgres_only()

    def sign_up(n: int) -> None:
        accounts.sign_up(
            email=f"resident-{n}@example.org",
            full_name=f"Resident {n}",
            password="plum-orchard-lantern-7431",
            client="203.0.113.9",
        )

    results = at_once(30, sign_up)
    assert User.objects.count() == accounts.SIGN_UPS_PER_CLIENT.count == 10  # was 11 and more
    refused = [r for r in results if r is not None]
    assert len(refused) == 20
    assert all(isinstance(r, ProgrammeError) and r.code == "rate_limited" for r in refused)


def _deploy_check_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True) if message.id}


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    ],
)
def test_check_deploy_warns_when_limits_count_in_a_cache_of_one_process(settings, backend):
    settings.RATE_LIMIT_STORE = "cache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "/tmp/vth-limits-check"}}
    assert "programme.W001" in _deploy_check_ids()


def test_check_deploy_is_quiet_when_limits_count_in_the_database(settings):
    settings.RATE_LIMIT_STORE = "database"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not {"programme.W001", "programme.E002"} & _deploy_check_ids()


@pytest.mark.parametrize(("store", "redis_url"), [("redis", ""), ("memory", "")])
def test_check_deploy_refuses_a_limit_store_it_cannot_use(settings, store, redis_url):
    settings.RATE_LIMIT_STORE, settings.REDIS_URL = store, redis_url
    assert "programme.E002" in _deploy_check_ids()


@pytest.fixture
def update(coordinator):
    return update_services.write_update(
        actor=coordinator, title="Second meeting", body="We met.", publish=True
    )


def test_update_replies_are_limited_per_person(resident, update):
    for n in range(update_services.REPLIES.count):
        update_services.reply_to_update(
            author=resident, update=update, body=f"{n}", capacity="resident"
        )
    with pytest.raises(ProgrammeError) as error:
        update_services.reply_to_update(
            author=resident, update=update, body="flood", capacity="resident"
        )
    assert error.value.code == "rate_limited"
    assert Reply.objects.count() == update_services.REPLIES.count
