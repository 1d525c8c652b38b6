"""A cache of published town hall pages as anonymous visitors see them.

A hit costs no query at all: the page's HTML is found under a key that carries
the site's current cache version, itself kept in the cache. Anything that changes
what the site shows (a page published, taken down or rescheduled; a feed item
arriving, approved or hidden; the site's settings) gives the site a new version
once its transaction commits, so the old entries are never read again.

Each entry also expires before the next go-live or expiry time on the site, so a
scheduled page appears, or disappears, on the first request after its time, as
without a cache. Live blocks (workshops and their places, consultations) and the
site going live change in other apps, whose services announce it through the
`public_content_changed` hook; townhall subscribes (`services.clear_cached_pages`).
Several web workers need a cache they share (Redis through `REDIS_URL`, or a
`DJANGO_CACHE_DIR` on one machine) for a new version to reach all of them at once;
with each worker's own memory cache, the others catch up within
`TOWNHALL_PAGE_CACHE_SECONDS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import Page, TownhallSite

T = TypeVar("T")


def _version_key(slug: str) -> str:
    return f"townhall:version:{slug}"


def _page_key(slug: str, version: int, name: str) -> str:
    return f"townhall:page:{slug}:{version}:{name}"


def _cacheable(request: HttpRequest) -> bool:
    """A visitor without a session: the page is the same for all of them.

    Messages live in the session (MESSAGE_STORAGE), so no session means none wait.
    Reading the cookie, rather than `request.user`, keeps a hit free of session work;
    anyone with a session simply gets the page rendered.
    """
    return (
        settings.TOWNHALL_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _version(slug: str) -> int:
    version = cache.get(_version_key(slug))
    if version is None:
        cache.add(_version_key(slug), time.time_ns(), None)
        version = cache.get(_version_key(slug))
    return version


def remember(site: TownhallSite, name: str, build: Callable[[], T]) -> T:
    """What `build` reads for the site, kept under the site's current version: data every
    reader sees alike (signed in or not), read again as soon as anything on the site
    changes, and at the latest after `TOWNHALL_DATA_CACHE_SECONDS` or the next page's
    scheduled go-live or expiry."""
    if settings.TOWNHALL_DATA_CACHE_SECONDS <= 0:
        return build()
    slug = site.pilot_site.slug
    key = f"townhall:data:{slug}:{_version(slug)}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        timeout = _timeout(site, settings.TOWNHALL_DATA_CACHE_SECONDS)
        if timeout > 0:
            cache.set(key, value, timeout)
    return value


class _Counted:
    """Stands for a list of `count` items, so a Paginator can number the pages."""

    def __init__(self, count: int) -> None:
        self._count = count

    def count(self) -> int:
        return self._count

    def __getitem__(self, key: slice) -> list:  # type: ignore[type-arg]
        return []  # the page's items are read separately, and kept


def remembered_page(
    site: TownhallSite,
    name: str,
    items: Callable[[], QuerySet],
    number: object,
    per_page: int,
    finish: Callable[[list], list] = lambda found: found,
) -> DjangoPage:
    """One page of a list every reader sees alike (news, items from the web): its count and
    the items on it, each kept like `remember`; `finish` adds what the items show (tags,
    pictures) once, before they are kept. Any page number a person types is a page."""
    count = remember(site, f"{name}:count", lambda: items().count())
    page = Paginator(_Counted(count), per_page).get_page(number)
    start = (page.number - 1) * per_page
    page.object_list = remember(
        site,
        f"{name}:page:{page.number}",
        lambda: finish(list(items()[start : start + per_page])),
    )
    return page


def lookup(request: HttpRequest, slug: str, name: str) -> HttpResponse | None:
    """The cached page `name` of the site `slug`, if a visitor may be given it.

    On a miss, the version read now (before the page is rendered) is the one the
    page is kept under: a change committed while it renders leaves it unreachable.
    """
    if not _cacheable(request):
        return None
    version = _version(slug)
    request.townhall_cache_version = version  # type: ignore[attr-defined]
    content = cache.get(_page_key(slug, version, name))
    return HttpResponse(content) if content is not None else None


def _timeout(site: TownhallSite, longest: int | None = None) -> int:
    """Seconds the entry may live: the timeout, or less if a page is due to go live or expire."""
    now = timezone.now()
    due = Page.objects.filter(site=site, live_revision__isnull=False).aggregate(
        live=Min("go_live_at", filter=Q(go_live_at__gt=now)),
        expires=Min("expires_at", filter=Q(expires_at__gt=now)),
    )
    timeout = settings.TOWNHALL_PAGE_CACHE_SECONDS if longest is None else longest
    for when in due.values():
        if when is not None:
            timeout = min(timeout, int((when - now).total_seconds()))
    return timeout


def keep(request: HttpRequest, site: TownhallSite, name: str, response: HttpResponse) -> None:
    """Keep a freshly rendered page for the next visitor, if it is the same for everyone."""
    version = getattr(request, "townhall_cache_version", None)
    if version is None or response.status_code != 200:
        return
    # A page that used a CSRF token or set a cookie is someone's own; it is never shared.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies:
        return
    # Nor one that used its Content-Security-Policy nonce: a later response has another.
    if getattr(request, "_csp_nonce", None) is not None:
        return
    timeout = _timeout(site)
    if timeout <= 0:
        return
    cache.set(_page_key(site.pilot_site.slug, version, name), response.content, timeout)


def invalidate(site: TownhallSite) -> None:
    """Every cached page of the site is out of date: now, and again once the change commits.

    The second new version matters: a visitor's request that read the old rows while
    the change was uncommitted may have kept them under the first.
    """
    slug = site.pilot_site.slug

    def new_version() -> None:
        cache.set(_version_key(slug), time.time_ns(), None)

    new_version()
    transaction.on_commit(new_version)
