"""townhall's background work, run by the task worker: the moderation notice to a site's
ambassadors, fetching feeds every ten minutes, and removing images chosen in the editor
but never saved, every hour (programme/platform/schedule.py)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from programme.platform.schedule import Periodic

from .models import FeedChecker
from .services.aggregation import feeds_to_fetch, refresh
from .services.pages import forget_unsaved_images


@task()
def tell_ambassadors_a_post_waits(site_id: int) -> int:
    from .services.discussions import tell_ambassadors_a_post_waits as tell

    return tell(site_id)


def fetch_every_feed() -> str:
    healthy = broken = 0
    for entry in feeds_to_fetch(None):
        if refresh(entry, by=FeedChecker.SCHEDULE).healthy:
            healthy += 1
        else:
            broken += 1
    return f"{healthy} feeds read, {broken} unhealthy"


def periodic_jobs() -> list[Periodic]:
    return [
        Periodic("fetch feeds", dt.timedelta(minutes=10), fetch_every_feed),
        Periodic("forget unsaved images", dt.timedelta(hours=1), forget_unsaved_images),
    ]
