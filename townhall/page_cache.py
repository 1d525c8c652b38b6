"""A cache of published town hall pages as anonymous visitors see them.

Keys carry the site's `cache_version`, which lives in the database and goes up
whenever something shown on the site changes (a page published, taken down or
rescheduled; an item from a feed arriving, approved or hidden). Every worker
reads that number with the site, so all of them miss at once. Each entry also
expires before the next go-live or expiry time on the site, so a scheduled page
appears, or disappears, on the first request after its time, as without a cache.
Live blocks (workshops, policy drafts) change in other apps; for them the
timeout (`TOWNHALL_PAGE_CACHE_SECONDS`) bounds how stale a page can be.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Min, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import Page, TownhallSite


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.TOWNHALL_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.GET
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def _timeout(site: TownhallSite) -> int:
    """Seconds until the cache must be dropped: the timeout, or sooner if a page is due to change."""
    now = timezone.now()
    due = Page.objects.filter(site=site, live_revision__isnull=False).aggregate(
        live=Min("go_live_at", filter=Q(go_live_at__gt=now)),
        expires=Min("expires_at", filter=Q(expires_at__gt=now)),
    )
    timeout = settings.TOWNHALL_PAGE_CACHE_SECONDS
    for when in due.values():
        if when is not None:
            timeout = min(timeout, int((when - now).total_seconds()))
    return timeout


def cached(
    request: HttpRequest, site: TownhallSite, name: str, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page `name` of `site` from the cache, or rendered by `render` and kept for next time."""
    if not _cacheable(request):
        return render()
    key = f"townhall:page:{site.pk}:{site.cache_version}:{name}"
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content)
    response = render()
    # A page that used a CSRF token or set a cookie is someone's own; it is never shared.
    if (
        response.status_code == 200
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.cookies
    ):
        timeout = _timeout(site)
        if timeout > 0:
            cache.set(key, response.content, timeout)
    return response
