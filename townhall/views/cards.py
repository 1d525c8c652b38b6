"""The picture a link preview shows for an item with none of its own (`townhall.previews`)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse

from .. import permissions, previews

LONG = 365 * 24 * 60 * 60  # the address changes with what is drawn
SHORT = 5 * 60


def card(request: HttpRequest, site: str, kind: str, key: str) -> HttpResponse:
    """A 1200×630 PNG of a public item; 404 for anything the public cannot see."""
    townhall = permissions.site_for(site)
    drawn = previews.public_card(townhall, kind, key)
    if drawn is None:
        raise Http404
    cache_key = f"townhall:card:{drawn.version}"
    png = cache.get(cache_key)
    if png is None:
        png = previews.draw(drawn)
        cache.set(cache_key, png, 30 * 24 * 60 * 60)
    response = HttpResponse(png, content_type="image/png")
    # An address naming an older drawing still answers, but for a short while only.
    current = request.GET.get("v") == drawn.version
    response["Cache-Control"] = f"public, max-age={LONG if current else SHORT}" + (
        ", immutable" if current else ""
    )
    return response
