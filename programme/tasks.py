"""programme's background work, run by the task worker (`manage.py worker`); the
platform's (the outbox, periodic jobs) is in programme/platform/tasks.py."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django_tasks import task

if TYPE_CHECKING:
    from programme.platform.schedule import Periodic


def periodic_jobs() -> list[Periodic]:
    from programme.platform.schedule import Periodic

    from . import following

    return [
        # Each following's digest goes a week after its last; the job looks every hour.
        Periodic("send weekly digests", dt.timedelta(hours=1), following.send_digests),
    ]


@task()
def tell_followers(
    content_type_id: int,
    object_id: int,
    headline: str,
    detail: str,
    url: str,
    exclude: list[int],
) -> int:
    from . import following

    return following.tell_followers(content_type_id, object_id, headline, detail, url, exclude)
