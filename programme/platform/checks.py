"""Deployment checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}  # noqa: S104 (names, not a bind)


@register(Tags.security, deploy=True)
def public_base_url_is_set(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Email links and calendar UIDs are built from PUBLIC_BASE_URL: left at the development
    address, every link points at the server itself, and setting it later changes every
    calendar UID (subscribers would see each event twice)."""
    parts = urlsplit(settings.PUBLIC_BASE_URL)
    if parts.hostname in LOCAL_HOSTS or parts.hostname is None or parts.scheme != "https":
        return [
            Error(
                f"PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL!r}.",
                hint="Set PUBLIC_BASE_URL to the public https:// address of the service, "
                "e.g. https://townhall.example, before anyone receives an email or subscribes "
                "to a calendar.",
                id="programme.E001",
            )
        ]
    return []


# Caches that every web worker shares and whose `incr` is atomic.
SHARED_ATOMIC_CACHES = {
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
}


@register(Tags.security, deploy=True)
def rate_limits_are_shared(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A limit that each process counts alone is not a limit: with two web workers, each
    lets the whole count through (and a directory cache forgets counts after five minutes)."""
    store = settings.RATE_LIMIT_STORE
    if store not in ("database", "redis", "cache"):
        return [
            Error(
                f"RATE_LIMIT_STORE is {store!r}.",
                hint="Set RATE_LIMIT_STORE to 'database' or 'redis', or leave it unset.",
                id="programme.E002",
            )
        ]
    if store == "redis" and not settings.REDIS_URL:
        return [
            Error(
                "RATE_LIMIT_STORE is 'redis' but REDIS_URL is not set.",
                hint="Set REDIS_URL, or leave RATE_LIMIT_STORE unset to count in the database.",
                id="programme.E002",
            )
        ]
    backend = settings.CACHES["default"]["BACKEND"]
    if store == "cache" and backend not in SHARED_ATOMIC_CACHES:
        return [
            Warning(
                f"Rate limits are counted in the cache ({backend.rsplit('.', 1)[-1]}), "
                "which each web process (or machine) counts alone or not atomically.",
                hint="Leave RATE_LIMIT_STORE unset: limits then count in the database, "
                "or in Redis when REDIS_URL is set.",
                id="programme.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def council_sign_in_is_complete(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Council sign-in half configured either refuses everyone (no allowed domains) or
    cannot exchange its codes (no secret): say so before officers find out."""
    if not (settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID):
        return []
    problems = []
    if not settings.OIDC_ALLOWED_DOMAINS:
        problems.append("OIDC_ALLOWED_DOMAINS is empty, so every council sign-in is refused.")
    if not settings.OIDC_CLIENT_SECRET:
        problems.append("OIDC_CLIENT_SECRET is not set.")
    if urlsplit(settings.OIDC_ISSUER).scheme != "https":
        problems.append(f"OIDC_ISSUER {settings.OIDC_ISSUER!r} is not an https:// address.")
    return [
        Error(
            problem,
            hint="Set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_ALLOWED_DOMAINS "
            "together (README, Council sign-in), or none of them.",
            id="programme.E003",
        )
        for problem in problems
    ]
