"""Moving the feed checks out of the audit table keeps what the fetcher found so far."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("programme", "0009_schedule"), ("townhall", "0014_every_pilot_site_has_its_town_hall")]
AFTER = [("programme", "0010_feed_checks_moved_to_townhall")]


def _migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_checks_so_far_move_to_their_own_rows_and_back():
    apps = _migrate(BEFORE)
    pilot = apps.get_model("programme", "PilotSite").objects.create(
        name="Chorley",
        slug="chorley",
        council_kind="district",
        region="North West",
        joined_on=dt.date(2026, 1, 5),
    )
    entry_model = apps.get_model("programme", "AuditEntry")
    checked_at = timezone.now() - dt.timedelta(hours=2)
    checked = entry_model.objects.create(
        site=pilot,
        category="news",
        name="Chorley Guardian",
        url="https://news.example/",
        feed_url="https://news.example/feed.xml",
        feed_checked_at=checked_at,
        feed_healthy=False,
        feed_problem="The feed could not be reached.",
        feed_etag='"abc"',
        feed_last_modified="Tue, 01 Dec 2026 09:00:00 GMT",
    )
    never = entry_model.objects.create(
        site=pilot,
        category="news",
        name="Not fetched yet",
        url="https://blog.example/",
        feed_url="https://blog.example/feed.xml",
    )

    apps = _migrate(AFTER)

    states = apps.get_model("townhall", "FeedState").objects.all()
    assert [s.entry_id for s in states] == [checked.pk]  # nothing made up for the other
    state = states.get()
    assert (state.url, state.checked_at, state.checked_by) == (
        "https://news.example/feed.xml",
        checked_at,
        "earlier",
    )
    assert (state.healthy, state.problem, state.etag, state.last_modified) == (
        False,
        "The feed could not be reached.",
        '"abc"',
        "Tue, 01 Dec 2026 09:00:00 GMT",
    )

    # And back again, for a release that has to be undone.
    apps = _migrate(BEFORE)
    entries = apps.get_model("programme", "AuditEntry").objects
    back = entries.get(pk=checked.pk)
    assert (back.feed_healthy, back.feed_etag, back.feed_checked_at) == (False, '"abc"', checked_at)
    assert entries.get(pk=never.pk).feed_healthy is None

    _migrate(_latest())


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
