"""Django's Redis cache, made to degrade while Redis is away instead of failing pages.

Everything kept in the cache can be made again (published pages, site data, cards), so
when Redis cannot be reached a read is a miss and a write is dropped, and the page is
built from the database as if nothing were cached. Redis restarting, or failing over,
costs speed for a few seconds, not 500s. `incr` is not forgiven: a count that silently
did not count would be wrong, and its callers handle the error. /health/ still says the
cache is down (it checks that what it writes comes back).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

T = TypeVar("T")
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)
# Seconds to wait for Redis before calling it away: a page should not hang on the cache.
TIMEOUT_SECONDS = 2
_last_warned = [0.0]


def _forgiven(operation: Callable[[], T], instead: T) -> T:
    try:
        return operation()
    except UNREACHABLE as error:
        if time.monotonic() - _last_warned[0] > 60:  # once a minute, not once a request
            _last_warned[0] = time.monotonic()
            logger.warning("Redis is unreachable; the cache misses until it is back: %s", error)
        return instead


class ForgivingClient(RedisCacheClient):
    def get(self, key: Any, default: Any) -> Any:
        return _forgiven(lambda: super(ForgivingClient, self).get(key, default), default)

    def get_many(self, keys: Any) -> Any:
        nothing: dict[Any, Any] = {}
        return _forgiven(lambda: super(ForgivingClient, self).get_many(keys), nothing)

    def has_key(self, key: Any) -> Any:
        return _forgiven(lambda: super(ForgivingClient, self).has_key(key), False)

    def add(self, key: Any, value: Any, timeout: Any) -> Any:
        return _forgiven(lambda: super(ForgivingClient, self).add(key, value, timeout), False)

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        _forgiven(lambda: super(ForgivingClient, self).set(key, value, timeout), None)

    def set_many(self, data: Any, timeout: Any) -> None:
        _forgiven(lambda: super(ForgivingClient, self).set_many(data, timeout), None)

    def touch(self, key: Any, timeout: Any) -> Any:
        return _forgiven(lambda: super(ForgivingClient, self).touch(key, timeout), False)

    def delete(self, key: Any) -> Any:
        return _forgiven(lambda: super(ForgivingClient, self).delete(key), False)

    def delete_many(self, keys: Any) -> None:
        _forgiven(lambda: super(ForgivingClient, self).delete_many(keys), None)

    def clear(self) -> Any:
        return _forgiven(lambda: super(ForgivingClient, self).clear(), False)


class ForgivingRedisCache(RedisCache):
    """`CACHES` backend: `programme.platform.cache.ForgivingRedisCache`, LOCATION the Redis URL."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        timeouts = {"socket_connect_timeout": TIMEOUT_SECONDS, "socket_timeout": TIMEOUT_SECONDS}
        super().__init__(server, {**params, "OPTIONS": {**timeouts, **params.get("OPTIONS", {})}})
        self._class = ForgivingClient
