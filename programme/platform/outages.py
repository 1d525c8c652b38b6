"""A moment when the database or Redis cannot be reached: a brief outage, not a bug.

A request that meets one (PostgreSQL restarting, a failover, Redis away) is answered
503 with Retry-After and a page asking the person to try again shortly, rather than
the 500 of a fault in the code. Nothing it was doing was saved: its transaction never
committed. The next request finds the database again by itself (the connection's
health check reconnects).
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

RETRY_AFTER_SECONDS = 10


def _redis_errors() -> tuple[type[BaseException], ...]:
    try:
        import redis
    except ImportError:  # a deployment without Redis
        return ()
    return (redis.ConnectionError, redis.TimeoutError)


def is_outage(error: BaseException | None) -> bool:
    """Whether `error` says a service we depend on is unreachable for now."""
    return isinstance(error, (OperationalError, InterfaceError, *_redis_errors()))
