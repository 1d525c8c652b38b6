"""townhall's periodic work, run by the task worker (programme/schedule.py)."""

from __future__ import annotations

import datetime as dt

from programme.schedule import Periodic

from .aggregation import feeds_to_fetch, refresh


def fetch_every_feed() -> str:
    healthy = broken = 0
    for entry in feeds_to_fetch(None):
        if refresh(entry).healthy:
            healthy += 1
        else:
            broken += 1
    return f"{healthy} feeds read, {broken} unhealthy"


def periodic_jobs() -> list[Periodic]:
    return [Periodic("fetch feeds", dt.timedelta(minutes=10), fetch_every_feed)]
