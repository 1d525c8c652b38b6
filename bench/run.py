"""Benchmarks: time the main pages on a throwaway database and print the figures.

    make bench              # or: .venv/bin/python bench/run.py [--requests N] [--sites N]

Each page is requested N times through Django's test client (no network), after
one warm-up request. The figures are the median and 95th percentile time per
request and the number of SQL queries, so a change can be compared before and
after. Targets for each page live in the issues, not here: this only measures.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per page (default 50)")
    parser.add_argument("--sites", type=int, default=50, help="extra pilot sites (default 50)")
    parser.add_argument("--workshops", type=int, default=1000, help="workshops (default 1,000)")
    parser.add_argument(
        "--registrations", type=int, default=50000, help="registrations (default 50,000)"
    )
    parser.add_argument(
        "--comments",
        type=int,
        default=5000,
        help="comments on the 40-section draft (default 5,000)",
    )
    parser.add_argument(
        "--export-comments",
        type=int,
        default=50000,
        help="comments in the CSV export (default 50,000)",
    )
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="vth-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.data import add_policy, add_sites, add_ten_block_page, add_workshops
    from programme.models import User
    from workshops import briefing
    from workshops.models import Workshop

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    add_sites(args.sites)
    started = time.perf_counter()
    busy_slug, pack_slug = add_workshops(args.workshops, args.registrations)
    policy_slug, last = add_policy(40, args.comments)
    export_slug, _ = add_policy(40, args.export_comments)
    print(
        f"(data: {args.workshops:,} workshops, {args.registrations:,} registrations, loaded in {time.perf_counter() - started:.1f} s)"
    )

    anonymous = Client(HTTP_HOST="localhost")
    coordinator = Client(HTTP_HOST="localhost")
    coordinator.force_login(User.objects.get(email="coordinator@demo.example"))
    resident = Client(HTTP_HOST="localhost")
    resident.force_login(User.objects.get(email="friend@demo.example"))

    pages = [
        ("home", anonymous, "/"),
        ("pilot sites", anonymous, "/programme/sites/"),
        ("site profile (coordinator)", coordinator, "/programme/sites/kirklees/"),
        ("profile", coordinator, "/accounts/profile/"),
        ("sign-in page", anonymous, "/accounts/sign-in/"),
        ("workshops list", anonymous, "/workshops/"),
        ("a workshop", anonymous, f"/workshops/{busy_slug}/"),
        ("all workshops (.ics)", anonymous, "/workshops/calendar.ics"),
        ("dashboard", coordinator, "/programme/"),
        ("social web audit", coordinator, "/programme/audit/"),
        ("policy version, 40 sections", anonymous, f"/policies/{policy_slug}/v{last}/"),
        ("the same, signed in", resident, f"/policies/{policy_slug}/v{last}/"),
        ("the same, its owner", coordinator, f"/policies/{policy_slug}/v{last}/"),
        ("policy compare", anonymous, f"/policies/{policy_slug}/compare/1/{last}/"),
    ]

    print(f"{'page':30} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        queries = queries_of(connection, client, url)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{name:30} {statistics.median(timings):10.1f} {p95:8.1f} {len(queries):8d}")
    pack_workshop = Workshop.objects.get(slug=pack_slug)
    timings = []
    for _ in range(max(3, args.requests // 10)):
        start = time.perf_counter()
        pdf = briefing.build_pack(pack_workshop, with_needs=True)
        timings.append((time.perf_counter() - start) * 1000)
    label = "briefing pack, 200 attendees"
    print(
        f"{label:30} {statistics.median(timings):10.1f} {max(timings):8.1f}  (max; {len(pdf) // 1024} KB)"
    )
    tracemalloc.start()
    start = time.perf_counter()
    response = coordinator.get(f"/policies/{export_slug}/report.csv")
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"CSV report of {args.export_comments:,} comments: {elapsed:.1f} s, {size / 1e6:.1f} MB written, "
        f"peak Python memory {peak / 1e6:.1f} MB"
    )
    page = add_ten_block_page()
    compare_page_cache(args.requests * 10, page)
    compare_counting(args.requests * 10, page)
    print(f"({args.requests} requests per page; database: {connection.vendor})")


def queries_of(connection: Any, client: Any, url: str) -> list[str]:
    """The queries one request for `url` runs, counted as they run: CaptureQueriesContext
    read none here (the log it reads is cleared at each request's start)."""
    queries: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
    ):
        client.get(url)
    return queries


def compare_page_cache(requests: int, url: str) -> None:
    """A published ten-block page through the whole stack, beside a bare view returning its HTML.

    Both go through the same test client. The bare view runs behind every middleware; a
    kept page is served by `townhall.page_cache.PageCacheMiddleware` before most of them,
    so it may cost less than the bare view here (over HTTP, compare_pages.sh compares
    it with a bare Django app).
    """
    import types

    from django.conf import settings
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import clear_url_caches, include, path

    client = Client(HTTP_HOST="localhost")
    html = client.get(url).content
    bench_urls = types.ModuleType("bench_urls")
    # After the project's own addresses, so finding it walks the same patterns a page does.
    bench_urls.urlpatterns = [
        path("", include(settings.ROOT_URLCONF)),
        path("bench/bare/", lambda request: HttpResponse(html)),
    ]
    sys.modules["bench_urls"] = bench_urls
    original, settings.ROOT_URLCONF = settings.ROOT_URLCONF, "bench_urls"
    clear_url_caches()

    def median_ms(address: str) -> float:
        client.get(address)
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(address)
            timings.append((time.perf_counter() - start) * 1000)
        return statistics.median(timings)

    try:
        bare = median_ms("/bench/bare/")
        cached = median_ms(url)
        cache_seconds, settings.TOWNHALL_PAGE_CACHE_SECONDS = (
            settings.TOWNHALL_PAGE_CACHE_SECONDS,
            0,
        )
        uncached = median_ms(url)
        settings.TOWNHALL_PAGE_CACHE_SECONDS = cache_seconds
    finally:
        settings.ROOT_URLCONF = original
        clear_url_caches()
    print(
        f"ten-block page ({requests} requests each): bare view {bare:.2f} ms, "
        f"page {cached:.2f} ms ({cached / bare:.2f}x the bare view), "
        f"without the cache {uncached:.2f} ms ({uncached / bare:.2f}x)"
    )


def compare_counting(requests: int, url: str) -> None:
    """What counting (programme.reach.CountingMiddleware) adds to a page from the page cache,
    read by a browser (a robot is not counted, so it would cost nothing): the same page with
    and without the middleware, in alternating rounds so both see the same machine."""
    from django.conf import settings
    from django.test import Client

    from programme import reach

    agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
    counting = "programme.reach.CountingMiddleware"
    with_it = list(settings.MIDDLEWARE)
    without = [m for m in with_it if m != counting]

    def median_ms(middleware: list[str]) -> float:
        settings.MIDDLEWARE = middleware
        client = Client(HTTP_HOST="localhost", HTTP_USER_AGENT=agent)
        client.get(url)
        timings = []
        for _ in range(requests // 5):
            start = time.perf_counter()
            client.get(url, HTTP_REFERER="https://bsky.app/")
            timings.append((time.perf_counter() - start) * 1000)
        return statistics.median(timings)

    try:
        rounds = [(median_ms(with_it), median_ms(without)) for _ in range(5)]
    finally:
        settings.MIDDLEWARE = with_it
    counted = statistics.median(r[0] for r in rounds)
    bare = statistics.median(r[1] for r in rounds)
    reach.flush()
    print(
        f"counting on a cached page ({requests} requests each, flushed every "
        f"{settings.REACH_FLUSH_SECONDS} s): {counted:.3f} ms with it, {bare:.3f} ms without "
        f"(+{100 * (counted - bare) / bare:.1f}%; goal at most +5%)"
    )


if __name__ == "__main__":
    main()
