"""The frame a resident-facing page is set in: its council's own site, or the programme.

A page about one thing (a workshop, a consultation, an application) is set in the frame of
that thing's site; a page about no one thing (signing in, creating an account) in the frame
of the page it leads back to (`next`), or of the site named in `?site=`. Either way the
address stays the one address of the page, so nothing is published twice. Staff pages and
things that belong to no site keep the programme's frame. The site's own frame comes from
the `site_frame` hook (townhall), so a lower app sets its pages in it without importing it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from . import hooks
from .models import PilotSite

PROGRAMME_FRAME = "base.html"


def frame_for(request: HttpRequest, site: PilotSite | None) -> dict[str, Any]:
    """Context for `{% extends frame %}`: the site's own frame where it has one for this
    reader, else the programme's."""
    if site is not None:
        for fn in hooks.site_frame.implementations():
            context = fn(request, site)
            if context is not None:
                return context
    return {"frame": PROGRAMME_FRAME}


def site_of_address(address: str, urlconf: str | None = None) -> PilotSite | None:
    """The pilot site the page at a local address belongs to, if any app knows it (`urlconf`:
    the request's own, on a site's own host)."""
    path = urlsplit(address).path
    if not path.startswith("/"):
        return None
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    for fn in hooks.site_of_address.implementations():
        site = fn(match)
        if site is not None:
            return site
    return None


def frame_for_visit(request: HttpRequest, address: str = "") -> dict[str, Any]:
    """The frame of a page about no one thing: that of the page it leads back to (`address`,
    or `next` when it is one of ours), or of the site named in `?site=`."""
    address = address or request.POST.get("next") or request.GET.get("next") or ""
    site = None
    if address and url_has_allowed_host_and_scheme(
        address, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        site = site_of_address(address, getattr(request, "urlconf", None))
    slug = request.GET.get("site", "")
    if site is None and slug:
        site = PilotSite.objects.filter(slug=slug[:80]).first()
    context = frame_for(request, site)
    context.setdefault("frame_site", site)
    return context


def render_in_frame(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    site: PilotSite | None,
    status: int = 200,
) -> HttpResponse:
    """`render`, with the page set in `site`'s frame (see `frame_for`)."""
    return render(request, template, {**frame_for(request, site), **context}, status=status)
