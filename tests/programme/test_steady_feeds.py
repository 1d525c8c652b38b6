"""A feed's Last-Modified never goes backwards: when an item leaves a feed, a client polling
with If-Modified-Since gets the feed without it, not a 304 that keeps what is gone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from programme.services import updates
from tests.factories import UserFactory, WorkshopFactory
from tests.workshops.conftest import at, book
from workshops import services as workshop_services


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


def _poll(client, url: str, since: str | None = None):
    return client.get(url, **({"HTTP_IF_MODIFIED_SINCE": since} if since else {}))


@pytest.mark.parametrize("feed", ["programme:updates_feed", "programme:updates_atom"])
def test_an_update_taken_down_is_seen_gone_by_a_poller(client, coordinator, feed):
    older = updates.write_update(actor=coordinator, title="Older", body="A.", publish=True)
    newer = updates.write_update(actor=coordinator, title="Newer", body="B.", publish=True)
    # The newest was published later than the other by an hour.
    type(newer).objects.filter(pk=older.pk).update(
        published_at=timezone.now() - dt.timedelta(hours=1),
        updated_at=timezone.now() - dt.timedelta(hours=1),
    )
    url = reverse(feed)
    first = _poll(client, url)
    sent = first["Last-Modified"]
    assert _poll(client, url, sent).status_code == 304  # nothing changed: nothing to send

    updates.edit_update(
        actor=coordinator, update=newer, title="Newer", body="B.", meeting=None, publish=False
    )
    again = _poll(client, url, sent)
    assert again.status_code == 200
    assert "Newer" not in again.content.decode()
    assert again["Last-Modified"] != sent
    later = _poll(client, url, again["Last-Modified"])
    assert later.status_code == 304  # and steady from then on


def test_a_place_given_up_leaves_the_personal_calendar_of_a_poller(client, coordinator, site):
    person = UserFactory.create()
    first = WorkshopFactory.create(site=site, created_by=coordinator)
    second = WorkshopFactory.create(
        site=site, created_by=coordinator, title="Second", starts_at=at(9), ends_at=at(9, 12)
    )
    book(first, person)
    kept = book(second, person)
    token = workshop_services.calendar_token_for(person=person)
    url = reverse("workshops:personal_ics", args=[token.token])
    sent = _poll(client, url)["Last-Modified"]
    workshop_services.cancel_registration(registration=kept, actor=person)
    again = _poll(client, url, sent)
    assert again.status_code == 200
    assert "Second" not in again.content.decode()
