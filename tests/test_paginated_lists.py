"""Pages that once listed every row show a page of them: the same queries and a bounded
number of rows whatever the data, with plain links (no script) to the other pages."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ambassadors.models import Stage
from ambassadors.queries import BOARD_CARDS
from bench import scale_data
from townhall import queries as townhall_queries
from townhall.models import Post


def _add_posts(thread, author, count: int) -> None:
    start = timezone.now() - dt.timedelta(days=1)
    Post.objects.bulk_create(
        Post(
            discussion=thread,
            author=author,
            body=f"Reply {n}",
            created_at=start + dt.timedelta(minutes=n),
            approved_at=start,
        )
        for n in range(count)
    )


# Replies that, with the opening post, fill two pages and part of a third.
THREE_PAGES = 2 * townhall_queries.POSTS_PER_PAGE + 10


def _posts_on(html: str) -> list[str]:
    return re.findall(r'id="post-(\d+)"', html)


def test_a_busy_discussion_shows_a_page_of_posts_in_the_same_queries(
    client, thread, ambassador, assert_bounded_queries
):
    url = thread.get_absolute_url()
    _add_posts(thread, ambassador, 3)
    assert_bounded_queries(url, lambda: _add_posts(thread, ambassador, 120))
    shown = _posts_on(client.get(url).content.decode())
    assert len(shown) == townhall_queries.POSTS_PER_PAGE


def test_a_discussion_opens_at_its_first_post_and_links_to_the_later_pages(
    client, thread, ambassador
):
    _add_posts(thread, ambassador, THREE_PAGES)
    first = client.get(thread.get_absolute_url()).content.decode()
    opening = thread.posts.order_by("created_at", "pk").first()
    assert _posts_on(first)[0] == str(opening.pk)
    assert 'aria-label="Pages of this discussion"' in first
    assert 'href="?page=2" rel="next">Later posts' in first
    assert 'href="?page=3">Go to the latest posts' in first
    last = client.get(f"{thread.get_absolute_url()}?page=3").content.decode()
    newest = thread.posts.order_by("-created_at", "-pk").first()
    assert _posts_on(last)[-1] == str(newest.pk)
    assert 'href="?page=2" rel="prev">Earlier posts' in last


def test_a_link_to_an_old_post_still_reaches_it(client, thread, ambassador):
    _add_posts(thread, ambassador, THREE_PAGES)
    posts = list(thread.posts.order_by("created_at", "pk"))
    middle = posts[townhall_queries.POSTS_PER_PAGE + 5]
    for post, page in [(posts[0], 1), (middle, 2), (posts[-1], 3)]:
        assert post.get_absolute_url() == reverse("townhall:post", args=["kirklees", post.pk])
        response = client.get(post.get_absolute_url())
        query = f"?page={page}" if page > 1 else ""
        assert response.status_code == 302
        assert response["Location"] == f"{thread.get_absolute_url()}{query}#post-{post.pk}"
        assert str(post.pk) in _posts_on(client.get(response["Location"]).content.decode())


@pytest.fixture
def demo(settings, db):
    settings.TOWNHALL_PAGE_CACHE_SECONDS = 0
    settings.TOWNHALL_DATA_CACHE_SECONDS = 0
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def test_the_lists_that_showed_every_row_show_a_page_at_two_sizes(
    demo, client, assert_bounded_queries, monkeypatch
):
    from programme.models import User
    from workshops.models import Workshop

    client.force_login(User.objects.get(email="coordinator@demo.example"))
    workshop = Workshop.objects.filter(
        site__slug=scale_data.SITE, status="published", access="open"
    ).order_by("starts_at")[0]
    site = f"/sites/{scale_data.SITE}"
    urls = [
        "/ambassadors/",
        f"{site}/events/",
        f"/workshops/{workshop.slug}/attendance/",
        "/policies/social-web-policy/report/",
    ]
    scale_data.grow(0.05)
    assert_bounded_queries(urls, lambda: scale_data.grow(6))
    board = client.get("/ambassadors/").content.decode()
    assert board.count('class="card mb-2"') <= BOARD_CARDS * len(Stage)
    monkeypatch.setattr("ambassadors.queries.BOARD_CARDS", 1)
    board = client.get("/ambassadors/").content.decode()
    assert board.count('class="card mb-2"') <= len(Stage)
    link = re.search(r'<a href="(/ambassadors/table/\?stage=\w+)">All (\d+)', board)
    assert link, "a column with more than it shows links to the table of them all"
    table = client.get(link[1]).content.decode()
    rows = re.search(r"<tbody[^>]*>(.*?)</tbody>", table, re.S)
    assert rows
    assert rows[1].count("<tr") == min(int(link[2]), 25)
    events = client.get(f"{site}/events/").content.decode()
    assert 'aria-label="Pages of results"' in events
    assert 'href="?page=2" rel="next">More events' in events
    attendance = client.get(f"/workshops/{workshop.slug}/attendance/").content.decode()
    assert attendance.count('id="registration-') <= 50
