"""`make loadtest`: the stack as in production on this machine, under a mixed load.

PostgreSQL and Redis are started on loopback by scripts/with-postgres and scripts/with-redis
(DATABASE_URL and REDIS_URL are set when this runs). This loads the demo and the load-test
accounts, starts the task worker, then for 1 and then as many gunicorn workers as there
are cores runs locust headless (loadtest/locustfile.py) and prints requests per second,
p50/p95/p99 latency and errors, and the speed-up from 1 to N workers.

    make loadtest                      # or: scripts/with-postgres scripts/with-redis \\
                                       #       .venv/bin/python loadtest/run.py [--users 8] [--seconds 40]
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = 8877


def manage(*args: str, env: dict[str, str], **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def run_locust(users: int, seconds: int, workdir: str, workers: int) -> dict[str, float]:
    prefix = f"{workdir}/w{workers}"
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "loadtest/locustfile.py"),
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            prefix,
        ],
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    return {
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=8, help="people sending requests at once")
    parser.add_argument("--seconds", type=int, default=40, help="seconds per worker count")
    args = parser.parse_args()
    if not (
        os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
    ):
        raise SystemExit("Run through make loadtest: it starts PostgreSQL and Redis first.")
    workdir = tempfile.mkdtemp(prefix="vth-load-")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_hex(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",  # plain http on loopback: no proxy, no TLS
        "EMAIL_URL": f"file://{workdir}/mail",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    print("Loading the demo and 400 load-test accounts into PostgreSQL ...", flush=True)
    setup = {**env, "DJANGO_DEBUG": "1"}  # seed_demo refuses to run with debug off
    manage("migrate", "--noinput", env=setup, stdout=subprocess.DEVNULL)
    manage("seed_demo", env=setup, stdout=subprocess.DEVNULL)
    accounts = (ROOT / "loadtest/accounts.py").read_text()
    manage("shell", "-c", accounts, env=setup, stdout=subprocess.DEVNULL)
    manage("collectstatic", "--noinput", env=env, stdout=subprocess.DEVNULL)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cores = os.cpu_count() or 1
    results = {}
    try:
        for workers in sorted({1, cores}):
            web = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "config.wsgi",
                    "-w",
                    str(workers),
                    "-b",
                    f"127.0.0.1:{PORT}",
                    "--access-logfile",
                    "/dev/null",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_for(f"http://127.0.0.1:{PORT}/health/")
                print(
                    f"{workers} web worker{'s' if workers > 1 else ''}: {args.users} people for {args.seconds} s ...",
                    flush=True,
                )
                results[workers] = run_locust(args.users, args.seconds, workdir, workers)
            finally:
                web.terminate()
                web.wait()
    finally:
        worker.terminate()
        worker.wait()
    print()
    print(
        f"{'web workers':>11} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'requests':>9} {'errors':>7}"
    )
    for workers, r in results.items():
        print(
            f"{workers:>11} {r['rps']:>8.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} {r['p99']:>7.0f} {r['requests']:>9} {r['errors']:>7}"
        )
    if len(results) > 1:
        one, many = results[1], results[cores]
        speedup = many["rps"] / one["rps"] if one["rps"] else 0
        print(
            f"speed-up from 1 to {cores} workers: {speedup:.2f}x (goal at least {0.8 * cores:.1f}x)"
        )
    worst = max(r["p95"] for r in results.values())
    errors = sum(r["errors"] for r in results.values())
    print(f"worst p95: {worst:.0f} ms (goal under 200 ms); errors: {errors} (goal none)")
    print(
        f"(mixed load: 80% anonymous readers, 15% signed-in readers, 5% writers; {cores} cores; PostgreSQL and Redis on this machine)"
    )


if __name__ == "__main__":
    main()
