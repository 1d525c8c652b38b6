"""ambassadors' periodic work, run by the task worker (programme/platform/schedule.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from programme.platform.schedule import Periodic

from . import services


def purge_expired_applications() -> str:
    count = services.purge_expired(retention=dt.timedelta(days=settings.AMBASSADOR_RETENTION_DAYS))
    return f"{count} applications anonymised"


def periodic_jobs() -> list[Periodic]:
    return [Periodic("retention purge", dt.timedelta(days=1), purge_expired_applications)]
