"""The bench's big-council data (bench/scale_data.py), at a small scale: the main pages run
the same number of queries after it grows, and it holds what it says in proportion."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from bench import scale, scale_data
from policy_drafts.models import Comment, PolicyDraft
from programme.models import User
from townhall.models import Discussion, Page, Post
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    # Every request builds its page, as the bench measures it.
    settings.TOWNHALL_PAGE_CACHE_SECONDS = 0
    settings.TOWNHALL_DATA_CACHE_SECONDS = 0
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def queries_of(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200, url
    counted: list[str] = []

    def count(execute, sql, *rest):
        counted.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200, url
    return len(counted)


def test_the_main_pages_run_as_many_queries_at_two_sizes(demo):
    pages = scale.main_pages()
    scale_data.grow(0.02)
    small = {name: queries_of(client, url) for name, client, url in pages}
    scale_data.grow(0.1)
    bigger = {name: queries_of(client, url) for name, client, url in pages}
    assert bigger == small


def test_the_data_is_in_proportion(demo):
    site = "kirklees"
    before = {
        "posts": Post.objects.filter(discussion__site__pilot_site__slug=site).count(),
        "registrations": Registration.objects.filter(workshop__site__slug=site).count(),
        "comments": Comment.objects.count(),
    }
    busy = Discussion.objects.filter(site__pilot_site__slug=site).order_by("pk").first()
    assert busy is not None
    busy_posts = busy.posts.count()

    grown = scale_data.grow(0.2)

    assert grown.added == scale_data.counts(0.2)
    expected = {name: round(total * 0.2 / 100) for name, total in scale_data.AT_100.items()}
    assert grown.added == {**expected, "drafts": 1}  # at least one draft to hold the comments
    added = grown.added
    assert User.objects.filter(email__endswith="@bench.example").count() == added["accounts"]
    assert Page.objects.live().filter(slug__regex=r"^s[0-9]+-page-").count() == added["pages"]
    assert Workshop.objects.filter(slug__regex=r"^s[0-9]+-workshop-").count() == added["workshops"]
    assert PolicyDraft.objects.filter(slug__regex=r"^s[0-9]+-policy-").count() == added["drafts"]
    # The demo's busy things grew by the scale too, on top of the new ones.
    assert busy.posts.count() == busy_posts + round(busy_posts * 0.2)
    posts = Post.objects.filter(discussion__site__pilot_site__slug=site).count()
    assert posts - before["posts"] >= added["posts"]
    registrations = Registration.objects.filter(workshop__site__slug=site).count()
    assert registrations - before["registrations"] >= added["registrations"]
    assert Comment.objects.count() - before["comments"] >= added["comments"]
    # Stored the way the services store them: rendered Markdown, search text, last posts.
    page = (
        Page.objects.live().filter(slug__regex=r"^s[0-9]+-page-").select_related("live_revision")[0]
    )
    assert page.live.search_text.startswith(page.live.title)
    assert page.live.blocks[0]["html"].startswith("<!--markdown:")
    post = Post.objects.filter(discussion__site__pilot_site__slug=site).latest("pk")
    assert "<p>" in post.body_html
    assert busy.posts.latest("created_at").created_at == (
        Discussion.objects.get(pk=busy.pk).last_post_at
    )
    full = Workshop.objects.filter(slug__regex=r"^s[0-9]+-workshop-").first()
    assert full is not None
    assert full.registrations.confirmed().count() <= full.capacity


def test_one_command_fills_a_database_with_the_demo_and_a_big_councils_data(tmp_path):
    """`bench/scale_data.py --scale N` on a fresh database: migrated, seeded, grown."""
    if connection.vendor != "sqlite":
        pytest.skip("it makes a SQLite database of its own: once is enough")
    import os
    import sqlite3
    import subprocess
    import sys

    database = tmp_path / "big.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "bench/scale_data.py", "--scale", "0.2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "0.2x in" in done.stdout
    with sqlite3.connect(database) as db:
        (bench_accounts,) = db.execute(
            "SELECT COUNT(*) FROM programme_user WHERE email LIKE '%@bench.example'"
        ).fetchone()
        (coordinators,) = db.execute(
            "SELECT COUNT(*) FROM programme_user WHERE email = 'coordinator@demo.example'"
        ).fetchone()
    assert bench_accounts == scale_data.counts(0.2)["accounts"]
    assert coordinators == 1
