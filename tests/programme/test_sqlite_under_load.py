"""SQLite under `make run`'s load: the development server and the task worker on one file,
60 form submissions at once. None may fail with "database is locked" (a 500).

This runs the real processes (as Procfile.dev starts them) on a temporary database file,
so it is about SQLite only: with DATABASE_URL pointing at PostgreSQL it is skipped.
"""

from __future__ import annotations

import ast
import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SIGN_UPS = 30
RESETS = 30  # for accounts made beforehand, so each one writes an email to the outbox
PASSWORD = "plum-orchard-lantern-7431"

only_on_sqlite = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="about SQLite only (DATABASE_URL is not SQLite)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """Stop a process this test started (it leads a process group of its own)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Stack:
    def __init__(
        self, port: int, database: Path, logs: dict[str, Path], worker: subprocess.Popen
    ) -> None:
        self.port = port
        self.database = database
        self.logs = logs
        self.worker = worker

    def count(self, sql: str) -> int:
        with sqlite3.connect(self.database, timeout=30) as db:
            return db.execute(sql).fetchone()[0]

    def log_tails(self) -> str:
        return "\n".join(
            f"--- {name} (last lines)\n" + "\n".join(path.read_text().splitlines()[-40:])
            for name, path in self.logs.items()
        )


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """A migrated SQLite file with RESETS accounts, and runserver and the worker on it."""
    database = tmp_path / "db.sqlite3"
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        # the database queue, on this file, whatever the environment running the tests says
        if key
        not in {"REDIS_URL", "TASKS_IMMEDIATE", "DJANGO_CACHE_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    } | {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",
        # Emails are kept in the worker's memory: no console spam, no mail server needed.
        "EMAIL_URL": "locmem://",
        # Each simulated person comes through "one proxy" with an address of their own, so
        # the per-client limits (10 sign-ups an hour from one address) count them apart.
        "TRUSTED_PROXY_COUNT": "1",
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
            "from django.contrib.auth.hashers import make_password\n"
            "from programme.models import User\n"
            f"password = make_password({PASSWORD!r})\n"
            "User.objects.bulk_create(User(email=f'existing-{i}@example.org', "
            f"full_name=f'Existing {{i}}', password=password) for i in range({RESETS}))",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    logs = {"runserver": tmp_path / "runserver.log", "worker": tmp_path / "worker.log"}
    processes: list[subprocess.Popen] = []
    try:
        for name, command in [
            ("runserver", [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"]),
            ("worker", [*manage, "worker"]),
        ]:
            with logs[name].open("w") as log:
                processes.append(
                    subprocess.Popen(
                        command,
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        result = Stack(port, database, logs, worker=processes[1])
        deadline = time.monotonic() + 30
        while True:
            assert all(p.poll() is None for p in processes), result.log_tails()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2):
                    break
            except OSError:  # not listening yet (urllib.error.URLError is an OSError)
                pass
            assert time.monotonic() < deadline, "runserver did not start\n" + result.log_tails()
            time.sleep(0.2)
        yield result
    finally:
        for process in processes:
            _stop(process)


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One person's browser: its cookies, one kept-alive connection, and its own address
    as our "proxy" reports it."""

    def __init__(self, port: int, address: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.address = address
        self.cookies = SimpleCookie()
        self.location: str | None = None  # where the last answer sent the browser, if anywhere

    def open(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {
            "X-Forwarded-For": self.address,
            "Cookie": "; ".join(f"{name}={c.value}" for name, c in self.cookies.items()),
        }
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(data) if data is not None else None
        self.connection.request("GET" if data is None else "POST", path, body, headers)
        response = self.connection.getresponse()
        self.location = response.getheader("Location")
        for cookie in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
        return response.status, response.read().decode()


def _submit(
    stack: Stack, number: int, start: threading.Barrier
) -> tuple[str, int, int, str | None, float]:
    """One person: fetch the form (the CSRF cookie and token), wait for everyone, submit it;
    the answers to both, where the second sent them, and how long it took."""
    browser = Browser(stack.port, f"10.0.{number // 200}.{number % 200 + 1}")
    if number < SIGN_UPS:
        kind, path = "sign-up", "/accounts/sign-up/"
        data = {
            "full_name": f"Resident {number}",
            "email": f"resident-{number}@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
        }
    else:
        kind, path = "reset", "/accounts/password/reset/"
        data = {"email": f"existing-{number - SIGN_UPS}@example.org"}
    try:
        status, page = browser.open(path)
        token = CSRF.search(page)
        start.wait(timeout=60)
        sent = time.monotonic()
        if status != 200 or token is None:
            return kind, status, status, None, 0.0
        answer, _ = browser.open(path, data | {"csrfmiddlewaretoken": token.group(1)})
        return kind, status, answer, browser.location, time.monotonic() - sent
    finally:
        browser.connection.close()


@only_on_sqlite
def test_sixty_sign_ups_and_resets_at_once_never_find_the_database_locked(stack):
    people = SIGN_UPS + RESETS
    start = threading.Barrier(people)
    with ThreadPoolExecutor(max_workers=people) as pool:
        answers = list(pool.map(lambda n: _submit(stack, n, start), range(people)))
    errors = [a for a in answers if a[1] >= 500 or a[2] >= 500]
    accounts = stack.count(
        "SELECT COUNT(*) FROM programme_user WHERE email LIKE 'resident-%@example.org'"
    )
    emails = stack.count("SELECT COUNT(*) FROM programme_outgoingemail")
    # The worker, writing to the same file all along, sends them all (and is still running).
    deadline = time.monotonic() + 30
    while not errors and stack.worker.poll() is None and time.monotonic() < deadline:
        sent = stack.count("SELECT COUNT(*) FROM programme_outgoingemail WHERE status = 'sent'")
        if sent == emails:
            break
        time.sleep(0.5)
    sent = stack.count("SELECT COUNT(*) FROM programme_outgoingemail WHERE status = 'sent'")
    worker = "running" if stack.worker.poll() is None else "dead"
    slowest = max(took for *_, took in answers)
    slowest_sign_up = max(took for kind, *_, took in answers if kind == "sign-up")
    figures = (
        f"{people} requests ({SIGN_UPS} sign-ups, {RESETS} password resets) at once: "
        f"{len(errors)} 5xx, {accounts} accounts, {emails} emails queued, {sent} sent "
        f"(worker {worker}); all answered in "
        f"{slowest:.1f} s, the sign-ups in {slowest_sign_up:.1f} s "
        f"({accounts / slowest_sign_up:.1f} accounts/s); "
        f"answers {dict(Counter((kind, status) for kind, _, status, *_ in answers))}"
    )
    print(figures)  # noqa: T201 (the figures the README quotes, shown with -s)
    assert not errors, figures + "\n" + stack.log_tails()
    # Not passing by refusing: every sign-up made its account, every reset its email.
    assert accounts == SIGN_UPS, figures
    assert emails == SIGN_UPS + RESETS, figures
    assert (sent, worker) == (emails, "running"), figures + "\n" + stack.log_tails()
    assert all(status == 302 for _, _, status, *_ in answers), figures
    # and each answer's Location is the page that says what happens next
    went = Counter((kind, location) for kind, _, _, location, _ in answers)
    assert went == {
        ("sign-up", "/accounts/sign-up/check-your-email/"): SIGN_UPS,
        ("reset", "/accounts/password/reset/sent/"): RESETS,
    }, figures


@pytest.mark.parametrize(
    ("url", "options"),
    [
        (
            "sqlite:////tmp/townhall.sqlite3",
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        ),
        ("postgres://townhall:secret@127.0.0.1:5432/townhall", {}),
    ],
)
def test_only_sqlite_gets_wal_immediate_transactions_and_a_busy_timeout(url, options):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))",
        ],
        cwd=ROOT,
        env=env | {"DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    assert ast.literal_eval(result.stdout) == options


@only_on_sqlite
def test_the_test_database_takes_the_same_options(db):
    from django.db import connection

    with connection.cursor() as cursor:
        # The tests' database lives in memory, where WAL does not apply: it stays "memory".
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] in {"memory", "wal"}
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    # django-stubs 5.2 has no SQLite transaction_mode yet (new in Django 5.1).
    assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]
