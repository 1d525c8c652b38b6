"""A town hall site on a host name of its own: a request for that host is served that site at /."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from .models import TownhallSite

SITE_SLUG = "townhall.site"  # in request.META: the site whose own host was asked for


class SiteHostMiddleware:
    """Route requests for a site's own host name through `townhall.host_urls`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = request.get_host().split(":")[0].lower()
        slug = site_for_host(host)
        if slug:
            request.META[SITE_SLUG] = slug
            # Django's documented per-request URLconf, which django-stubs does not declare.
            request.urlconf = "townhall.host_urls"  # type: ignore[attr-defined]
        return self.get_response(request)


def site_for_host(host: str) -> str | None:
    """The slug of the site on `host`, remembered for a minute so most requests ask no query."""
    if "." not in host or host.replace(".", "").isdigit():
        return None  # localhost, test clients and IP addresses are never a site's own host
    key = f"townhall-host:{host}"
    slug = cache.get(key)
    if slug is None:
        slug = (
            TownhallSite.objects.filter(hostname=host)
            .values_list("pilot_site__slug", flat=True)
            .first()
            or ""
        )
        cache.set(key, slug, 60)
    return slug or None
