"""`make chaos`: faults under load, and what survived them.

The stack of `make loadtest` on loopback (PostgreSQL and Redis from scripts/with-postgres
and scripts/with-redis, gunicorn with two workers, the task worker) under a steady mixed
load (loadtest/chaos_load.py: page views, sign-ups, comments, replies, workshop
registrations) while, one after another:

  1. a web worker is killed with SIGKILL (gunicorn's master starts another),
  2. Redis stops for a few seconds and starts again, empty (cache, rate limits, queue),
  3. PostgreSQL stops for a few seconds (fast shutdown) and starts again,
  4. the task worker is stopped for a minute (as a deploy stops it) and started again.

Then, once the outbox has drained (bounded), every write the load was told succeeded must
be in the database and every email queued since the load began sent exactly once
(loadtest/chaos_check.py). The last line says so:

    faults: N survived, lost writes L, lost emails E, duplicate emails D, 5xx X, recovery Y s

A fault is survived when the stack recovered from it within the run. Recovery is the
worst, over the faults, of the seconds from a fault until requests stop failing (for the
task worker: from its return until every email queued before then is sent). Exits
non-zero on any loss or duplicate. At most five minutes in all.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from chaos_check import check, oldest_unsent, waiting
from chaos_load import Ledger, Person
from run import ROOT, manage, wait_for

BIN = Path(sys.executable).parent
PORT = int(os.environ.get("CHAOS_PORT", "8879"))
PEOPLE = 6
LOAD_SECONDS = 150
OUTAGE_SECONDS = 5  # how long Redis and PostgreSQL stay down
WORKER_AWAY_SECONDS = 60
BUDGET_SECONDS = 295  # everything, setup included: at most five minutes


class Stack:
    """The web server, the task worker, and the handles to stop and start the rest."""

    def __init__(self, env: dict[str, str], logdir: str) -> None:
        self.env, self.logdir = env, logdir
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.pg_options = ""
        self.pg_as = (
            ["runuser", "-u", os.environ["PG_RUN_AS"], "--"] if os.environ.get("PG_RUN_AS") else []
        )
        self.pg_ctl = [
            *self.pg_as,
            f"{os.environ['PG_BIN']}/pg_ctl",
            "-D",
            os.environ["PG_DATA_DIR"],
        ]

    def start_web(self) -> None:
        with open(f"{self.logdir}/gunicorn.log", "ab") as log:  # the child keeps its own copy
            self.web = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi",
                    "-w",
                    "2",
                    "-b",
                    f"127.0.0.1:{PORT}",
                    "--access-logfile",
                    "/dev/null",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def start_worker(self) -> None:
        with open(f"{self.logdir}/worker.log", "ab") as log:  # the child keeps its own copy
            self.worker = subprocess.Popen(
                [sys.executable, "manage.py", "worker", "--tick", "10"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def stop_worker(self) -> None:
        """As a deploy or `honcho` stops it: SIGTERM, the job in hand finished first."""
        assert self.worker is not None
        self.worker.send_signal(signal.SIGTERM)
        try:
            self.worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait()

    def kill_web_worker(self) -> None:
        assert self.web is not None
        children = Path(f"/proc/{self.web.pid}/task/{self.web.pid}/children").read_text().split()
        os.kill(int(children[0]), signal.SIGKILL)

    def stop_redis(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", os.environ["REDIS_PORT"], "shutdown", "nosave"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )

    def start_redis(self) -> None:
        directory = os.environ["REDIS_DIR"]
        # As scripts/with-redis starts it: same port, same pid file (its exit trap stops it).
        subprocess.run(
            [
                "redis-server",
                "--port",
                os.environ["REDIS_PORT"],
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory,
                "--daemonize",
                "yes",
                "--pidfile",
                f"{directory}/redis.pid",
                "--logfile",
                f"{directory}/log",
            ],
            stdout=subprocess.DEVNULL,
            check=True,
        )

    def stop_postgres(self) -> None:
        # Read how scripts/with-postgres started it, to start it the same way.
        opts = shlex.split(Path(os.environ["PG_DATA_DIR"], "postmaster.opts").read_text())[1:]
        while "-D" in opts:
            at = opts.index("-D")
            del opts[at : at + 2]
        self.pg_options = shlex.join(opts)
        subprocess.run(
            [*self.pg_ctl, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL, check=True
        )

    def start_postgres(self) -> None:
        subprocess.run(
            [*self.pg_ctl, "-l", os.environ["PG_LOG"], "-w", "-o", self.pg_options, "start"],
            stdout=subprocess.DEVNULL,
            check=True,
        )

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


class Clock:
    def __init__(self) -> None:
        self.zero = time.monotonic()

    def at(self, second: float) -> None:
        time.sleep(max(0.0, self.zero + second - time.monotonic()))

    def now(self) -> float:
        return time.monotonic()


def failures_end(ledger: Ledger, since: float, until: float) -> float:
    """Seconds from `since` to the end of the last failed request before `until` (0: none failed)."""
    ends = [o.ended for o in ledger.outcomes if not o.ok and since <= o.ended < until]
    return max(ends) - since if ends else 0.0


def emails_caught_up(url: str, back_at: dt.datetime, deadline: float) -> float:
    """Seconds until nothing queued before `back_at` waits any longer."""
    while time.monotonic() < deadline:
        try:
            oldest = oldest_unsent(url)
        except psycopg.OperationalError:  # the database is away for a moment: look again
            oldest = back_at - dt.timedelta(seconds=1)
        if oldest is None or oldest >= back_at:
            return (dt.datetime.now(dt.UTC) - back_at).total_seconds()
        time.sleep(1)
    return float("inf")


def main() -> int:
    began = time.monotonic()
    if not (
        os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_DIR")
    ):
        raise SystemExit("Run through make chaos: it starts PostgreSQL and Redis first.")
    url = os.environ["DATABASE_URL"]
    workdir = tempfile.mkdtemp(prefix="vth-chaos-")
    mail_dir = Path(workdir, "mail")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_hex(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",  # plain http on loopback
        "TRUSTED_PROXY_COUNT": "1",  # each simulated person comes from an address of their own
        "EMAIL_URL": f"file://{mail_dir}",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    print(f"Logs and sent emails in {workdir}", flush=True)
    print("Loading the demo and the load-test accounts into PostgreSQL ...", flush=True)
    setup = {**env, "DJANGO_DEBUG": "1"}  # seed_demo refuses to run with debug off
    manage("migrate", "--noinput", env=setup, stdout=subprocess.DEVNULL)
    manage("seed_demo", env=setup, stdout=subprocess.DEVNULL)
    manage(
        "shell",
        "-c",
        (ROOT / "loadtest/accounts.py").read_text(),
        env=setup,
        stdout=subprocess.DEVNULL,
    )
    manage("collectstatic", "--noinput", env=env, stdout=subprocess.DEVNULL)

    stack = Stack(env, workdir)
    stack.start_web()
    stack.start_worker()
    ledger = Ledger(run=secrets.token_hex(3))
    stop = threading.Event()
    try:
        wait_for(f"http://127.0.0.1:{PORT}/health/")
        since = dt.datetime.now(dt.UTC)
        numbers = itertools.count()
        people = [Person(f"http://127.0.0.1:{PORT}", ledger, stop, numbers) for _ in range(PEOPLE)]
        for person in people:
            person.start()
        print(f"{PEOPLE} people for {LOAD_SECONDS} s while four faults strike ...", flush=True)
        clock = Clock()

        def fault(
            name: str,
            at: float,
            down: Callable[[], None],
            up: Callable[[], None] | None,
            away: float,
        ) -> tuple[str, float]:
            clock.at(at)
            started = clock.now()
            down()
            if up is not None:
                time.sleep(away)
                up()
            print(f"  {at:>4.0f} s  {name}", flush=True)
            return name, started

        faults = [
            fault("web worker killed (SIGKILL)", 10, stack.kill_web_worker, None, 0),
            fault("Redis restarted", 30, stack.stop_redis, stack.start_redis, OUTAGE_SECONDS),
            fault(
                "PostgreSQL restarted",
                55,
                stack.stop_postgres,
                stack.start_postgres,
                OUTAGE_SECONDS,
            ),
        ]
        clock.at(80)
        worker_stopped = clock.now()
        stack.stop_worker()
        time.sleep(WORKER_AWAY_SECONDS)
        stack.start_worker()
        worker_back = dt.datetime.now(dt.UTC)
        print(f"  {80:>4} s  task worker stopped for {WORKER_AWAY_SECONDS} s", flush=True)
        clock.at(LOAD_SECONDS)
        stop.set()
        for person in people:
            person.join(20)
        ends = [started for _, started in faults] + [worker_stopped, clock.now()]
        recovery = {
            name: failures_end(ledger, started, ends[i + 1])
            for i, (name, started) in enumerate(faults)
        }
        deadline = began + BUDGET_SECONDS - 5
        recovery["task worker stopped"] = emails_caught_up(url, worker_back, deadline)
        print("Waiting for the outbox to drain ...", flush=True)
        while time.monotonic() < deadline and waiting(url, since):
            time.sleep(2)
        found = check(url, ledger, mail_dir, since)
    finally:
        stop.set()
        stack.stop()

    requests_made = len(ledger.outcomes)
    errors = [o for o in ledger.outcomes if not o.ok]
    five_xx = sum(1 for o in errors if o.status >= 500)
    print(
        f"requests {requests_made}, acknowledged writes {ledger.writes} "
        f"(sign-ups {len(ledger.signups)}, comments {len(ledger.comments)}, replies {len(ledger.posts)}, "
        f"registrations {len(ledger.registrations)}), refused {dict(ledger.refused)}, "
        f"no answer {sum(1 for o in errors if o.status == 0)}, "
        + ", ".join(
            f"{o}: {sum(1 for e in errors if e.status == o)}"
            for o in sorted({e.status for e in errors if e.status})
        )
    )
    print(
        f"emails queued {found.queued}, still unsent {found.unsent}; "
        + "; ".join(f"{name} {seconds:.0f} s" for name, seconds in recovery.items())
    )
    for label, items in (
        ("lost writes", found.lost_writes),
        ("lost emails (outbox ids)", found.lost_emails),
        ("duplicated emails (id: copies)", list(found.duplicates.items())),
        ("sign-ups with no email queued", found.signups_without_email),
    ):
        if items:
            print(f"{label}: {items[:10]}{' …' if len(items) > 10 else ''}")
    lost_emails = len(found.lost_emails) + len(found.signups_without_email)
    survived = sum(1 for seconds in recovery.values() if seconds != float("inf"))
    worst = max(recovery.values())
    print(
        f"faults: {survived} survived, lost writes {len(found.lost_writes)}, lost emails {lost_emails}, "
        f"duplicate emails {len(found.duplicates)}, 5xx {five_xx}, recovery {worst:.0f} s"
    )
    return 1 if found.lost_writes or lost_emails or found.duplicates else 0


if __name__ == "__main__":
    sys.exit(main())
