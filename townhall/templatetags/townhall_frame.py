"""The frame of every town hall site page: the site's header and navigation, the slim bar
staff see instead of the back office's header, and the site's footer.

Views pass only `townhall` (and `page` where there is one); the frame reads the rest
itself, so every site page carries the same header without each view remembering it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from .. import page_cache, queries

register = template.Library()


def _entries(townhall: Any) -> list[tuple[str, str]]:
    slug = townhall.pilot_site.slug
    entries = [(label, reverse(name, args=[slug])) for label, name in queries.SECTIONS]
    return entries + [
        (page.live.title, page.get_absolute_url())
        for page in queries.menu(townhall)
        if page.slug != "home"
    ]


def _navigation(townhall: Any, path: str) -> list[dict[str, Any]]:
    home = reverse("townhall:home", args=[townhall.pilot_site.slug])
    entries = page_cache.shared_data(townhall, "navigation", lambda: _entries(townhall))
    return [
        {
            "label": label,
            "url": url,
            "current": path == url if url == home else path.startswith(url),
        }
        for label, url in entries
    ]


@register.inclusion_tag("townhall/partials/_header.html", takes_context=True)
def townhall_header(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    townhall = context["townhall"]
    user = request.user
    return {
        "request": request,
        "user": user,
        "townhall": townhall,
        "navigation": _navigation(townhall, request.path),
        "staff": queries.staff_bar(user, townhall, context.get("page")),
        "q": context.get("q", ""),
    }


@register.inclusion_tag("townhall/partials/_footer.html", takes_context=True)
def townhall_footer(context: template.Context) -> dict[str, Any]:
    return {"townhall": context["townhall"], "programme_name": context.get("programme_name")}
