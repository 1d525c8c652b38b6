"""Against a real Redis (make test-redis, or CI's Redis leg): the cache every web worker
shares, rate limits that agree across workers, and the RQ task queue."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core import mail
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.urls import reverse

from programme import limits
from programme.models import BuildStage, EmailStatus, OutgoingEmail, PilotSite
from programme.notifications import email_after_commit
from programme.services import ProgrammeError
from townhall.permissions import site_for

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server at REDIS_URL"),
]


@pytest.fixture
def redis_cache(settings):
    """The project's settings with Redis, as a deployment with REDIS_URL runs, emptied."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def another_worker() -> RedisCache:
    """What a second web worker (another process, another machine) sees."""
    return RedisCache(REDIS_URL, {})


def test_a_cached_town_hall_page_is_shared_and_cleared_for_every_worker(
    client, site, site_lead, redis_cache
):
    from tests.townhall.editing import written
    from townhall import services

    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    townhall = site_for(site.slug)
    page = services.create_page(actor=site_lead, site=townhall, kind="standard", title="Hours")
    written(site_lead, page)
    services.publish(actor=site_lead, page=page)
    client.get(page.get_absolute_url())
    before = another_worker().get("townhall:version:kirklees")
    assert before is not None  # in Redis, where every worker reads it
    services.bump_cache(townhall)  # one worker publishes ...
    assert another_worker().get("townhall:version:kirklees") != before  # ... all see it


def test_rate_limits_count_across_workers(redis_cache, monkeypatch):
    limit = limits.Limit("test-sign-ups", 3, dt.timedelta(minutes=10), "signed up")
    for _ in range(3):
        limits.take(limit, "203.0.113.9")
    # the next attempt lands on another worker, which counts the same three
    monkeypatch.setattr(limits, "cache", another_worker())
    assert limits.is_reached(limit, "203.0.113.9")
    with pytest.raises(ProgrammeError):
        limits.take(limit, "203.0.113.9")


@pytest.mark.django_db(transaction=True)
def test_on_the_rq_queue_an_email_is_sent_by_the_worker(resident, settings, redis_cache):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    import django_rq

    queue = django_rq.get_queue("default")
    queue.empty()
    email_after_commit(
        to=resident.email, subject="Hello", template="accounts/email/confirm.txt", context={}
    )
    assert mail.outbox == [] and queue.count == 1

    from programme.health import queue_state

    assert queue_state().waiting == 1
    call_command(
        "rqworker",
        "default",
        burst=True,
        job_class="django_tasks_rq.Job",
        worker_class="rq.worker.SimpleWorker",
    )
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT


def test_the_health_endpoint_reads_the_redis_cache(client, db, redis_cache):
    assert client.get(reverse("health")).content == b"up\n"
