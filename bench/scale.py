"""The main pages at the demo's size and at a big council's (100×), on SQLite and PostgreSQL.

    make bench      # or: .venv/bin/python bench/scale.py [--scale 100] [--requests N]
                    #                                     [--database sqlite|postgres|both]

For each database, on a throwaway one (PostgreSQL: a server of its own, started by
scripts/with-postgres): migrate, seed the demo and keep a copy of it; grow one site's data
(bench/scale_data.py); then time the main pages on both, a request on each in turn
(median of N, through Django's test client, after a warm-up), and count their queries. Side
by side, a machine busier for a while slows both sizes alike. Caches of pages and their
data are off, so every request does the work a cache miss does.

The bar (issue #28): at 100× every page runs the same number of queries, and takes at
most twice as long. The last line per database says how many pages hold it.
"""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Where PostgreSQL listens for the bench (apart from the tests' and the loadtest's).
PG_PORT = "54371"
TIME_BAR = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=100, help="how big to grow (default 100)")
    parser.add_argument("--requests", type=int, default=15, help="requests per page (default 15)")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.here:
        measure_here(args.scale, args.requests)
        return
    failed = False
    for database in ["sqlite", "postgres"] if args.database == "both" else [args.database]:
        failed |= run_on(database, args) != 0
    sys.exit(1 if failed else 0)


def run_on(database: str, args: argparse.Namespace) -> int:
    """This script again, in a process of its own on a fresh database of the kind."""
    command = [sys.executable, __file__, "--here"]
    command += ["--scale", str(args.scale), "--requests", str(args.requests)]
    env = dict(os.environ)
    if database == "sqlite":
        workdir = tempfile.mkdtemp(prefix="vth-scale-")
        env["DATABASE_URL"] = f"sqlite:///{workdir}/scale.sqlite3"
    else:
        env.setdefault("PG_PORT", PG_PORT)
        env.pop("DATABASE_URL", None)
        command = ["bash", str(ROOT / "scripts" / "with-postgres"), *command]
    print(f"\n== {database} ==", flush=True)
    return subprocess.run(command, env=env, cwd=ROOT).returncode


@dataclass
class Figure:
    ms: float
    queries: int


def measure_here(scale: float, requests: int) -> None:
    os.environ["DJANGO_DEBUG"] = "1"
    # Every request builds its page: a cached page would hide what the data costs.
    os.environ["TOWNHALL_PAGE_CACHE_SECONDS"] = "0"
    os.environ["TOWNHALL_DATA_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection, connections

    from bench.scale_data import grow

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    print(f"(migrated and seeded in {time.perf_counter() - started:.1f} s)", flush=True)
    pages = main_pages()
    demo_copy = copy_database(connection)
    grown = grow(scale)
    added = ", ".join(f"{n:,} {name}" for name, n in grown.added.items())
    print(f"(grown {scale:g}x in {grown.seconds:.1f} s: {added})", flush=True)
    with connection.cursor() as cursor:
        # What PostgreSQL's autovacuum does soon after a load like this (and SQLite's
        # `PRAGMA optimize` would): fresh statistics (without them SQLite takes
        # `parent_id IS NULL` for a rare value and walks every comment by it) and, on
        # PostgreSQL, the visibility map, without which every row just written is checked
        # in the table (no index-only scans) until autovacuum has passed.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    # Both sizes side by side, a request on each in turn: a machine busier for a while
    # slows both alike, so the ratio holds where two runs minutes apart would not.
    sizes = {"demo": demo_copy, "big": connections["default"]}
    figures = {name: measure(sizes, client, url, requests) for name, client, url in pages}
    demo = {name: both["demo"] for name, both in figures.items()}
    big = {name: both["big"] for name, both in figures.items()}
    print_table(demo, big, scale, connection.vendor, requests)


def copy_database(connection: Any) -> Any:
    """A copy of the database as it is now (the demo's size), and a connection to it."""
    settings = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        copy = f"{settings['NAME']}.demo"
        with sqlite3.connect(settings["NAME"]) as source, sqlite3.connect(copy) as target:
            source.backup(target)
    else:
        import psycopg

        params = connection.get_connection_params()
        params["dbname"] = "postgres"
        copy = f"{settings['NAME']}_demo"
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{settings["NAME"]}"')
    from django.db import connections

    wrapper = type(connections["default"])  # the backend's DatabaseWrapper (not the proxy)
    return wrapper({**settings, "NAME": copy}, alias="default")


def main_pages() -> list[tuple[str, Any, str]]:
    """(name, client, address) of the main pages, found in the demo's data."""
    from django.test import Client

    from bench.scale_data import COMMON_WORD, RARE_WORD, SITE
    from policy_drafts.models import Section
    from programme.models import User
    from townhall.models import Discussion
    from workshops.models import Workshop

    anonymous = Client(HTTP_HOST="localhost")
    coordinator = Client(HTTP_HOST="localhost")
    coordinator.force_login(User.objects.get(email="coordinator@demo.example"))
    busy = Discussion.objects.filter(site__pilot_site__slug=SITE).order_by("pk").first()
    workshop = Workshop.objects.filter(site__slug=SITE, status="published", access="open")
    workshop_slug = workshop.order_by("starts_at").values_list("slug", flat=True).first()
    section = (
        Section.objects.filter(comments__isnull=False, version__draft__slug="social-web-policy")
        .select_related("version")
        .first()
    )
    assert busy, "the demo's data has changed: update the bench"
    assert workshop_slug, "the demo's data has changed: update the bench"
    assert section, "the demo's data has changed: update the bench"
    version = f"/policies/social-web-policy/v{section.version.number}"
    site = f"/sites/{SITE}"
    return [
        ("site home", anonymous, f"{site}/"),
        ("built page", anonymous, f"{site}/have-your-say-on-the-social-web-policy/"),
        ("news list", anonymous, f"{site}/news/"),
        ("discussions list", anonymous, f"{site}/discussions/"),
        ("busy discussion", anonymous, f"{site}/discussions/{busy.pk}/"),
        ("events", anonymous, f"{site}/events/"),
        ("workshops list", anonymous, "/workshops/"),
        ("a workshop", anonymous, f"/workshops/{workshop_slug}/"),
        ("its registrations (coord.)", coordinator, f"/workshops/{workshop_slug}/attendance/"),
        ("policy draft, comments", anonymous, f"{version}/"),
        ("section's comments", anonymous, f"{version}/sections/{section.key}/comments/"),
        ("consultation report", coordinator, "/policies/social-web-policy/report/"),
        (f"search '{COMMON_WORD}'", anonymous, f"{site}/search/?q={COMMON_WORD}"),
        (f"search '{RARE_WORD}'", anonymous, f"{site}/search/?q={RARE_WORD}"),
        ("programme dashboard", coordinator, "/programme/"),
        ("ambassador pipeline", coordinator, "/ambassadors/"),
        ("ambassador table", coordinator, "/ambassadors/table/"),
    ]


def measure(sizes: dict[str, Any], client: Any, url: str, requests: int) -> dict[str, Figure]:
    """The page's median time and query count on each database, a request on each in turn."""
    from django.db import connections

    counts: dict[str, int] = {}
    timings: dict[str, list[float]] = {size: [] for size in sizes}
    for size, database in sizes.items():
        connections["default"] = database
        counts[size] = _queries_of(client, url)
    for _ in range(requests):
        for size, database in sizes.items():
            connections["default"] = database
            start = time.perf_counter()
            client.get(url)
            timings[size].append((time.perf_counter() - start) * 1000)
    connections["default"] = sizes["big"]
    return {size: Figure(statistics.median(timings[size]), counts[size]) for size in sizes}


def _queries_of(client: Any, url: str) -> int:
    """How many queries the page runs, asked once before to warm what it keeps."""
    from django.db import connection

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []  # counted as they run (the log is cleared at each request)

    def counted(execute: Callable[..., Any], sql: str, *rest: Any) -> Any:
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(counted):
        client.get(url)
    return len(queries)


def print_table(
    demo: dict[str, Figure], big: dict[str, Figure], scale: float, vendor: str, requests: int
) -> None:
    label = f"{scale:g}x"
    print(
        f"{'page':30} {'demo ms':>8} {label + ' ms':>9} {'ratio':>6} "
        f"{'demo q':>7} {label + ' q':>7}"
    )
    for name, before in demo.items():
        after = big[name]
        ratio = after.ms / before.ms
        mark = "" if ratio <= TIME_BAR and after.queries == before.queries else "  <-"
        print(
            f"{name:30} {before.ms:8.1f} {after.ms:9.1f} {ratio:5.2f}x "
            f"{before.queries:7d} {after.queries:7d}{mark}"
        )
    total = len(demo)
    equal = sum(big[name].queries == demo[name].queries for name in demo)
    ratios = {name: big[name].ms / demo[name].ms for name in demo}
    within = sum(ratio <= TIME_BAR for ratio in ratios.values())
    worst = max(ratios, key=lambda name: ratios[name])
    print(
        f"{label} ({vendor}, median of {requests}): queries equal on {equal}/{total} pages, "
        f"times within {TIME_BAR:g}x on {within}/{total} (worst: {worst} {ratios[worst]:.1f}x)",
        flush=True,
    )


if __name__ == "__main__":
    main()
