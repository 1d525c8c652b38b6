"""What load balancers and monitoring ask: can this web worker serve (its database and
cache answer), and is the task queue keeping up?

Plain synchronous checks, a few lines each: they run inside the request, whatever server
(or test) runs it. Failures are logged with their reason; the endpoints say only up or down.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

LONGEST_WAIT = dt.timedelta(minutes=15)


@dataclasses.dataclass(frozen=True)
class QueueState:
    waiting: int
    oldest_wait: dt.timedelta


def queue_state() -> QueueState:
    """How many tasks wait to run now, and how long the oldest of them has waited."""
    now = timezone.now()
    if "RQBackend" in settings.TASKS["default"]["BACKEND"]:
        import django_rq

        queue = django_rq.get_queue("default")
        first = queue.get_jobs(0, 1)
        enqueued = first[0].enqueued_at if first else None
        waited = now - enqueued.replace(tzinfo=dt.UTC) if enqueued else dt.timedelta(0)
        return QueueState(queue.count, max(waited, dt.timedelta(0)))
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return QueueState(0, dt.timedelta(0))  # tasks run at once: nothing ever waits
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return QueueState(ready.count(), now - oldest if oldest else dt.timedelta(0))


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep what it was given")
    cache.delete(key)


def _queue() -> None:
    state = queue_state()
    if state.oldest_wait > LONGEST_WAIT:
        raise RuntimeError(f"{state.waiting} tasks wait; the oldest for {state.oldest_wait}")


WEB = {"database": _database, "cache": _cache}
QUEUE = {"queue": _queue}


def failing(checks: dict) -> list[str]:
    """The names of the checks that fail (each failure logged with its reason)."""
    failed = []
    for name, check in checks.items():
        try:
            check()
        except Exception:  # whatever broke: the answer is "down", the log says why
            logger.exception("Health check %s failed", name)
            failed.append(name)
    return failed
