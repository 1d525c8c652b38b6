from __future__ import annotations

import sys

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from programme.platform import outages, previews
from programme.platform.errors import NotAllowed

from .. import permissions, queries


def home(request: HttpRequest) -> HttpResponse:
    sites = list(queries.sites_for_home())
    context = {
        "sites": sites,
        "profile_site_ids": {
            site.pk for site in sites if permissions.can_see_site_profile(request.user, site)
        },
        "updates": queries.published_updates()[:3],
    }
    return render(request, "programme/home.html", context)


def preview_card(request: HttpRequest) -> HttpResponse:
    """The programme's 1200×630 card, the picture of a link to a page in its frame; kept in
    the cache by what is drawn, as a council's cards are (`townhall.views.cards`)."""
    card = previews.programme_card()
    key = f"programme:card:{card.version}"
    png = cache.get(key)
    if png is None:
        png = card.png()
        cache.set(key, png, 30 * 24 * 60 * 60)
    response = HttpResponse(png, content_type="image/png")
    # The address changes with what is drawn; one naming an older drawing is kept briefly.
    current = request.GET.get("v") == card.version
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable" if current else "public, max-age=300"
    )
    return response


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/privacy.html")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A service's refusal says why in words a person can read; anything else says no more.
    reason = exception.message if isinstance(exception, NotAllowed) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception, so it can tell an outage from a bug.
    if outages.is_outage(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(outages.RETRY_AFTER_SECONDS)
        return response
    # No context processors: whatever broke may be among them.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
