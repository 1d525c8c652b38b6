"""What load balancers and monitoring ask: is this web worker able to serve, and is the
task queue keeping up? Built on django-health-check's checks (database, cache)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


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
        oldest = queue.get_jobs(0, 1)
        enqueued = oldest[0].enqueued_at if oldest else None
        waited = now - enqueued.replace(tzinfo=dt.UTC) if enqueued else dt.timedelta(0)
        return QueueState(queue.count, max(waited, dt.timedelta(0)))
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return QueueState(0, dt.timedelta(0))  # tasks run at once: nothing ever waits
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return QueueState(ready.count(), now - oldest if oldest else dt.timedelta(0))


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """Down when the oldest waiting task has waited too long: no worker is running, or
    the workers cannot keep up."""

    longest_wait: dt.timedelta = dt.timedelta(minutes=15)

    def run(self) -> None:
        try:
            state = queue_state()
        except Exception as error:  # Redis or the database cannot be read
            raise ServiceUnavailable("The queue cannot be read") from error
        if state.oldest_wait > self.longest_wait:
            raise ServiceUnavailable(
                f"{state.waiting} tasks wait; the oldest for {state.oldest_wait}"
            )
