"""Rate limits: how often one person, one client address or one email address may do something.

Counts are kept where every web worker sees the same count (`RATE_LIMIT_STORE`): in
Redis when `REDIS_URL` is set, otherwise in the database. Windows are fixed: the first
attempt opens one, and the count starts again when it closes. The person is told when
they can try again.

Counting and checking are one atomic step: an attempt is counted first, and the count
that comes back says whether it is within the limit, so of N requests at once exactly
the limit pass, whichever worker each lands on. In the database the count is written
in the caller's transaction: it holds the row until that transaction ends, and an
attempt that is rolled back (with the email or account it would have made) is not
counted.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import time_format

from programme.platform.errors import ProgrammeError
from programme.platform.models import LimitWindow
from programme.platform.text import plural

# Rows are purged this long after their window ends (the schedule runs `purge` hourly).
KEEP_ENDED = dt.timedelta(hours=1)
# Seconds to wait for Redis before counting in the database instead.
REDIS_TIMEOUT = 2


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


@dataclass(frozen=True)
class Counted:
    """The count in the open window, this attempt included, and when the window ends."""

    count: int
    ends_at: dt.datetime


class Store(Protocol):
    def count(self, key: str, window: dt.timedelta) -> Counted:
        """Count one attempt in one atomic step, opening a window if none is open."""
        ...

    def peek(self, key: str) -> int:
        """The count in the open window (0 if none), without counting."""
        ...


class DatabaseStore:
    """One row per key (`LimitWindow`), counted by one INSERT … ON CONFLICT DO UPDATE …
    RETURNING statement: atomic on PostgreSQL (the row is locked, a second writer waits
    and then counts on the committed row) and on SQLite (one writer at a time)."""

    def count(self, key: str, window: dt.timedelta) -> Counted:
        connection = connections[router.db_for_write(LimitWindow)]
        q = connection.ops.quote_name
        table = q(LimitWindow._meta.db_table)
        open_ = f"{table}.{q('ends_at')} > %s"
        # Only quoted names are put in; every value is a parameter.
        sql = (
            f"INSERT INTO {table} ({q('key')}, {q('count')}, {q('ends_at')}) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT ({q('key')}) DO UPDATE SET "
            f"{q('count')} = CASE WHEN {open_} THEN {table}.{q('count')} + 1 ELSE 1 END, "
            f"{q('ends_at')} = CASE WHEN {open_} THEN {table}.{q('ends_at')} ELSE %s END "
            f"RETURNING {q('count')}, {q('ends_at')}"
        )
        now = timezone.now()
        adapt = connection.ops.adapt_datetimefield_value
        now_, ends = adapt(now), adapt(now + window)
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, ends, now_, now_, ends])
            count, ends_at = cursor.fetchone()
        return Counted(count, _aware(ends_at))

    def peek(self, key: str) -> int:
        rows = LimitWindow.objects.filter(key=key, ends_at__gt=timezone.now())
        return rows.values_list("count", flat=True).first() or 0


def _aware(value: dt.datetime | str) -> dt.datetime:
    """A datetime read back by raw SQL: SQLite gives text in UTC, PostgreSQL a datetime."""
    parsed = parse_datetime(value) if isinstance(value, str) else value
    if parsed is None:
        raise ValueError(f"not a datetime: {value!r}")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=dt.UTC)


class RedisStore:
    """A key per subject that expires with its window: SET NX EX opens it, INCR counts,
    in one MULTI/EXEC, so no other client's command runs in between.

    While Redis cannot be reached (restarting, failing over) the database counts instead:
    still shared by every worker and atomic, so the limits hold, where failing open would
    let a flood through and failing closed would turn every resident away. Counts start
    again in whichever store a window opens in, as they do when Redis restarts empty.
    """

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        self.unreachable = (redis.ConnectionError, redis.TimeoutError)

    def count(self, key: str, window: dt.timedelta) -> Counted:
        try:
            return self._count(key, window)
        except self.unreachable:
            return DatabaseStore().count(key, window)

    def peek(self, key: str) -> int:
        try:
            value = self.client.get(key)
        except self.unreachable:
            return DatabaseStore().peek(key)
        return int(value) if value is not None else 0

    def _count(self, key: str, window: dt.timedelta) -> Counted:
        seconds = max(1, int(window.total_seconds()))
        with self.client.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=seconds, nx=True)
            pipe.incr(key)
            pipe.pttl(key)
            _, count, pttl = pipe.execute()
        if pttl < 0:
            # The key expired between SET NX and INCR, so INCR made one without an expiry
            # (possible before Redis 7, which freezes time inside a transaction): give it
            # its window, or it would never open again.
            self.client.expire(key, seconds)
            pttl = seconds * 1000
        return Counted(int(count), timezone.now() + dt.timedelta(milliseconds=pttl))


class CacheStore:
    """Django's cache (`RATE_LIMIT_STORE=cache`): `add` opens a window, `incr` counts.
    Shared and atomic only with a shared cache whose `incr` is atomic (memcached);
    with the in-memory cache each process counts alone, with a directory `incr` is not
    atomic and forgets the window. `check --deploy` warns about both."""

    def count(self, key: str, window: dt.timedelta) -> Counted:
        seconds = max(1, int(window.total_seconds()))
        cache.add(f"{key}:ends", timezone.now() + window, seconds)
        cache.add(key, 0, seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the window closed between opening and counting
            count = 1
            cache.set(key, count, seconds)
        ends_at = cache.get(f"{key}:ends") or timezone.now() + window
        return Counted(count, ends_at)

    def peek(self, key: str) -> int:
        return int(cache.get(key, 0))


STORES = ("database", "redis", "cache")


def counter_store() -> Store:
    """The store `RATE_LIMIT_STORE` names (read on each call, so tests may change it)."""
    name = settings.RATE_LIMIT_STORE
    if name == "database":
        return DatabaseStore()
    if name == "redis":
        if not settings.REDIS_URL:
            raise ImproperlyConfigured("RATE_LIMIT_STORE is 'redis' but REDIS_URL is not set.")
        return _redis_store(settings.REDIS_URL)
    if name == "cache":
        return CacheStore()
    raise ImproperlyConfigured(f"RATE_LIMIT_STORE must be one of {STORES}, not {name!r}.")


@functools.cache
def _redis_store(url: str) -> RedisStore:
    return RedisStore(url)  # one connection pool per process


def _key(limit: Limit, subject: str) -> str:
    # Hash the subject: addresses and emails should not sit in a table or a cache.
    digest = hashlib.sha256(subject.lower().encode()).hexdigest()[:32]
    return f"limit:{limit.name}:{digest}"


def _count(limit: Limit, subject: object) -> Counted:
    return counter_store().count(_key(limit, str(subject)), limit.window)


def count_or_refuse(
    limit: Limit, subject: object, *, error: type[ProgrammeError] = ProgrammeError
) -> None:
    """Count one attempt by `subject` (a person's id, a client address, an email address).

    Raises `error(message, "rate_limited")` when the attempt goes beyond the limit.
    """
    counted = _count(limit, subject)
    if counted.count > limit.count:
        raise error(limit.message(counted.ends_at), "rate_limited")


def allow(limit: Limit, subject: object) -> bool:
    """Count one attempt and say whether it is within `limit`, without raising: for the
    quiet limits, where the person sees the same answer either way."""
    return _count(limit, subject).count <= limit.count


def is_reached(limit: Limit, subject: object) -> bool:
    """Whether `subject` has used up `limit` in the current window, without counting.

    Only a hint (another request may count in between): what the limit guards must
    still go through `take` or `allow`.
    """
    return counter_store().peek(_key(limit, str(subject))) >= limit.count


def purge() -> str:
    """Delete the database's counts whose window ended a while ago (a periodic job)."""
    deleted, _ = LimitWindow.objects.filter(ends_at__lt=timezone.now() - KEEP_ENDED).delete()
    return f"{deleted} ended"
