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
`public_content_changed` hook; townhall subscribes (`services.public_content_changed`).
Several web workers need a cache they share (Redis through `REDIS_URL`, or a
`DJANGO_CACHE_DIR` on one machine) for a new version to reach all of them at once;
with each worker's own memory cache, the others catch up within
`TOWNHALL_PAGE_CACHE_SECONDS`.
"""

from __future__ import annotations

import hashlib
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


def _page_prefix(slug: str, version: int) -> str:
    return f"townhall:page:{slug}:{version}:"


def _page_key(slug: str, version: int, name: str) -> str:
    # The name holds a page's slug from the address: hashed, so any length is a valid key.
    return _page_prefix(slug, version) + hashlib.sha256(name.encode()).hexdigest()


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


def shared_data(site: TownhallSite, name: str, build: Callable[[], T]) -> T:
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


def shared_list_page(
    site: TownhallSite,
    name: str,
    items: Callable[[], QuerySet],
    number: int | str | None,
    per_page: int,
    finish: Callable[[list], list] = lambda found: found,
) -> DjangoPage:
    """One page of a list every reader sees alike (news, items from the web): its count and
    the items on it, each kept like `remember`; `finish` adds what the items show (tags,
    pictures) once, before they are kept. Any page number a person types is a page."""
    count = shared_data(site, f"{name}:count", lambda: items().count())
    # A range stands for the items, so the Paginator can number the pages: they are read
    # separately below, and kept.
    page: DjangoPage = Paginator(range(count), per_page).get_page(number)
    start = (page.number - 1) * per_page
    page.object_list = shared_data(
        site,
        f"{name}:page:{page.number}",
        lambda: finish(list(items()[start : start + per_page])),
    )
    return page


# What one request carries from the view to the middleware, in its META as Django's CSRF
# middleware carries its cookie: the version a page was read under, and the entry chosen.
VERSION_READ = "townhall.cache_version"
CHOSEN = "townhall.keep"


def lookup(request: HttpRequest, slug: str, name: str) -> HttpResponse | None:
    """The cached page `name` of the site `slug`, if a visitor may be given it.

    `PageCacheMiddleware` serves almost every hit before the view runs; this finds the
    rest (a page kept under another address of the same site). On a miss, the version
    read now (before the page is rendered) is the one the page is kept under: a change
    committed while it renders leaves it unreachable.
    """
    if not _cacheable(request):
        return None
    version = _version(slug)
    request.META[VERSION_READ] = version
    return _response(cache.get(_page_key(slug, version, name)))


def _response(kept: tuple[bytes, list[tuple[str, str]]] | None) -> HttpResponse | None:
    if kept is None:
        return None
    content, headers = kept
    response = HttpResponse(content)
    for header, value in headers:
        response.headers[header] = value
    return response


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


def keep_for_visitors(
    request: HttpRequest, site: TownhallSite, name: str, response: HttpResponse
) -> None:
    """Keep a freshly rendered page for the next visitor, if it is the same for everyone.

    The page is kept by `store` once every middleware has had its say, headers included,
    so a hit can be served before any of them runs.
    """
    version = request.META.get(VERSION_READ)
    if version is None or response.status_code != 200:
        return
    # A page that used a CSRF token is someone's own; it is never shared.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return
    # Nor one that used its Content-Security-Policy nonce: a later response has another.
    if getattr(request, "_csp_nonce", None) is not None:
        return
    timeout = _timeout(site)
    if timeout > 0:
        slug = site.pilot_site.slug
        request.META[CHOSEN] = (slug, _page_key(slug, version, name), timeout)


def save_kept_page(request: HttpRequest, response: HttpResponse) -> None:
    """Keep the finished response `keep` chose, and remember which site and page its
    address shows, so `PageCacheMiddleware` finds it from the address alone."""
    chosen = request.META.get(CHOSEN)
    # A cookie set on the way out (a session, a CSRF token) makes the page someone's own.
    if chosen is None or response.status_code != 200 or response.cookies or response.streaming:
        return
    slug, key, timeout = chosen
    cache.set_many(
        {
            key: (response.content, list(response.headers.items())),
            _address_key(request): (slug, key),
        },
        timeout,
    )


def _address_key(request: HttpRequest) -> str:
    # Hashed, as Django's cache middleware does: an address may be long or hold any character.
    address = f"{request.get_host()}{request.path}".encode("utf-8", "backslashreplace")
    return f"townhall:address:{hashlib.sha256(address).hexdigest()}"


class PageCacheMiddleware:
    """Serve a kept town hall page before sessions, CSRF, URL resolving or the view run.

    Like Django's own FetchFromCacheMiddleware, but every entry lives under its site's
    cache version, so a change to the site shows at once. It sits just after the
    security and static-file middleware; what the middleware below it added to the
    page (its security headers) was kept with it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _cacheable(request):
            hit = self._hit(request)
            if hit is not None:
                return hit
        response = self.get_response(request)
        save_kept_page(request, response)
        return response

    @staticmethod
    def _hit(request: HttpRequest) -> HttpResponse | None:
        found = cache.get(_address_key(request))
        if found is None:
            return None
        slug, key = found
        # The entry's key carries the version it was kept under: a newer version means
        # the site changed since, and the entry is never served again.
        if not key.startswith(_page_prefix(slug, _version(slug))):
            return None
        return _response(cache.get(key))


def public_content_changed(site: TownhallSite) -> None:
    """Every cached page of the site is out of date: now, and again once the change commits.

    The second new version matters: a visitor's request that read the old rows while
    the change was uncommitted may have kept them under the first.
    """
    slug = site.pilot_site.slug

    def new_version() -> None:
        cache.set(_version_key(slug), time.time_ns(), None)

    new_version()
    transaction.on_commit(new_version)
