"""Rate limits: counted in the shared cache, per subject, with a time to try again."""

import datetime as dt

import pytest
from django.utils import timezone

from programme import limits
from programme.models import Reply
from programme.services import ProgrammeError
from programme.services import updates as update_services

THREE = limits.Limit("test", 3, dt.timedelta(minutes=10), "tried")


def test_a_limit_refuses_after_its_count_and_says_when_to_come_back(db):
    for _ in range(3):
        limits.take(THREE, "someone")
    with pytest.raises(ProgrammeError) as error:
        limits.take(THREE, "someone")
    assert error.value.code == "rate_limited"
    assert "You have tried a lot in the last 10 minutes" in error.value.message
    assert "You can try again at " in error.value.message
    limits.take(THREE, "someone else")  # others are not held back


def test_a_limit_opens_again_when_its_window_closes(db, monkeypatch):
    for _ in range(3):
        limits.take(THREE, "someone")
    later = timezone.now() + dt.timedelta(minutes=11)
    monkeypatch.setattr(limits.timezone, "now", lambda: later)
    limits.take(THREE, "someone")


def test_subjects_are_hashed_so_addresses_never_sit_in_the_cache(db):
    from django.core.cache import cache

    limits.take(THREE, "victim@example.org")
    assert all("victim" not in key for key in cache._cache)  # locmem's store


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
