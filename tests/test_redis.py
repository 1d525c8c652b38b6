"""Against a real Redis (make test-redis, or CI's Redis leg): the cache every web worker
shares, rate limits that agree across workers, and the RQ task queue."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest
import redis
from django.core import mail
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.urls import reverse

from programme.models import BuildStage, EmailStatus, OutgoingEmail, PilotSite
from programme.notifications import email_after_commit
from programme.platform import limits
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
        "default": {
            "BACKEND": "programme.platform.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
        }
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
    from tests.factories import PageFactory
    from townhall import services

    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    townhall = site_for(site.slug)
    page = PageFactory.create(site=townhall, created_by=site_lead, title="Hours")
    client.get(page.get_absolute_url())
    before = another_worker().get("townhall:version:kirklees")
    assert before is not None  # in Redis, where every worker reads it
    services.public_content_changed(townhall)  # one worker publishes ...
    assert another_worker().get("townhall:version:kirklees") != before  # ... all see it


@pytest.fixture
def redis_limits(settings, redis_cache):
    """Limits counted in Redis, as they are by default once REDIS_URL is set."""
    settings.REDIS_URL, settings.RATE_LIMIT_STORE = REDIS_URL, "redis"
    limits._redis_store.cache_clear()
    yield
    limits._redis_store.cache_clear()


SIGN_UPS = limits.Limit("test-sign-ups", 3, dt.timedelta(hours=1), "signed up")


def test_rate_limits_count_across_workers(redis_limits):
    for _ in range(3):
        limits.count_or_refuse(SIGN_UPS, "203.0.113.9")
    # the next attempt lands on another worker (its own connection), which counts the same three
    limits._redis_store.cache_clear()
    assert limits.is_reached(SIGN_UPS, "203.0.113.9")
    with pytest.raises(ProgrammeError):
        limits.count_or_refuse(SIGN_UPS, "203.0.113.9")


def test_a_rate_limit_count_lasts_its_window_in_redis(redis_limits):
    limits.count_or_refuse(SIGN_UPS, "203.0.113.9")
    key = limits._key(SIGN_UPS, "203.0.113.9")
    client = redis.Redis.from_url(REDIS_URL)
    assert 3590 < client.ttl(key) <= 3600  # the hour, not the cache's five minutes
    keys = [key for key in client.keys("*") if isinstance(key, bytes)]  # bytes: no decoding asked
    assert keys  # the count is there
    assert b"203.0.113.9" not in b"".join(keys)  # the subject is hashed


def test_of_twenty_attempts_at_once_exactly_the_limit_pass_in_redis(redis_limits):
    start = threading.Barrier(20)
    passed: list[bool] = []

    def attempt() -> None:
        start.wait()
        passed.append(limits.allow(SIGN_UPS, "203.0.113.9"))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert passed.count(True) == SIGN_UPS.count
    assert len(passed) == 20


def test_check_deploy_is_quiet_when_limits_count_in_redis(redis_limits):
    from django.core.checks import run_checks

    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert not {"programme.W001", "programme.E002"} & ids


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
    assert mail.outbox == []
    assert queue.count == 1

    from programme.platform.health import queue_state

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
