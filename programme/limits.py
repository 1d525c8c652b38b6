"""Rate limits: how often one person, one client address or one email address may do something.

Counts live in the cache, which every web worker shares once a shared cache
is configured (see CACHES in settings), in fixed windows: the first attempt
opens a window, and the count starts again when it closes. The person is told
when they can try again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import time_format

from .services.errors import ProgrammeError
from .text import plural


@dataclass(frozen=True)
class Limit:
    """At most `count` times in `window`; `doing` completes "You have … a lot in the last …"."""

    name: str
    count: int
    window: dt.timedelta
    doing: str

    def message(self, retry_at: dt.datetime) -> str:
        minutes = int(self.window.total_seconds() // 60)
        span = plural(minutes, "minute") if minutes < 120 else plural(minutes // 60, "hour")
        return (
            f"You have {self.doing} a lot in the last {span}. "
            f"You can try again at {time_format(timezone.localtime(retry_at), 'H:i')}."
        )


def _key(limit: Limit, subject: str) -> str:
    # Hash the subject: addresses and emails make poor cache keys and should not sit in it.
    digest = hashlib.sha256(subject.lower().encode()).hexdigest()[:32]
    return f"limit:{limit.name}:{digest}"


def take(limit: Limit, subject: object, *, error: type[ProgrammeError] = ProgrammeError) -> None:
    """Count one attempt by `subject` (a person's id, a client address, an email address).

    Raises `error(message, "rate_limited")` when the limit is already reached;
    the refused attempt is not counted.
    """
    key = _key(limit, str(subject))
    now = timezone.now()
    window = int(limit.window.total_seconds())
    opened = cache.get(f"{key}:opened")
    if opened is None or now >= opened + limit.window:
        # A new window: start it, and its count, afresh.
        cache.set_many({f"{key}:opened": now, f"{key}:count": 0}, window)
        opened = now
    count = cache.get(f"{key}:count", 0)
    if count >= limit.count:
        raise error(limit.message(opened + limit.window), "rate_limited")
    try:
        cache.incr(f"{key}:count")
    except ValueError:  # the window closed between reading and counting
        cache.set(f"{key}:count", 1, window)


def allow(limit: Limit, subject: object) -> bool:
    """Count one attempt and say whether it is within `limit`, without raising: for the
    quiet limits, where the person sees the same answer either way."""
    if is_reached(limit, subject):
        return False
    take(limit, subject)
    return True


def is_reached(limit: Limit, subject: object) -> bool:
    """Whether `subject` has used up `limit` in the current window, without counting."""
    key = _key(limit, str(subject))
    opened = cache.get(f"{key}:opened")
    if opened is None or timezone.now() >= opened + limit.window:
        return False
    return cache.get(f"{key}:count", 0) >= limit.count
