"""The public town hall sites: the home page and its pages."""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt

from .. import permissions, queries
from ..models import Page

PREVIEW_SALT = "townhall.preview"
PREVIEW_MAX_AGE = 7 * 24 * 60 * 60  # a week


def _render_page(
    request: HttpRequest, site, page: Page, revision, *, preview: bool = False
) -> HttpResponse:  # type: ignore[no-untyped-def]
    context = {
        "townhall": site,
        "menu": queries.menu(site),
        "page": page,
        "revision": revision,
        "blocks": revision.blocks,
        "data": queries.block_context(site, revision.blocks),
        "preview": preview,
        "can_edit": permissions.can_edit(request.user, site),
        "next": queries.what_next(site) if page.kind in ("news", "consultation", "event") else None,
    }
    return render(request, "townhall/page.html", context)


def home(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    home_page = queries.live_page(townhall, "home")
    context = {
        "townhall": townhall,
        "menu": queries.menu(townhall),
        "home": home_page,
        "blocks": home_page.live_revision.blocks if home_page else [],
        "data": queries.block_context(
            townhall, home_page.live_revision.blocks if home_page else [{"type": "news"}]
        ),
        "news": queries.latest_news(townhall),
        "can_edit": permissions.can_edit(request.user, townhall),
    }
    return render(request, "townhall/home.html", context)


def page(request: HttpRequest, site: str, slug: str) -> HttpResponse:
    """A live page; its editors see the latest revision as a preview."""
    townhall = permissions.get_site_for_user(request.user, site)
    live = queries.live_page(townhall, slug)
    if permissions.can_edit(request.user, townhall):
        draft = get_object_or_404(
            Page.objects.select_related("latest_revision", "live_revision"),
            site=townhall,
            slug=slug,
        )
        preview = live is None or draft.latest_revision_id != draft.live_revision_id
        return _render_page(request, townhall, draft, draft.latest_revision, preview=preview)
    if live is None:
        raise Http404
    return _render_page(request, townhall, live, live.live_revision)


def preview(request: HttpRequest, site: str, token: str) -> HttpResponse:
    """A shareable, expiring link to a draft, for a colleague without editing rights."""
    try:
        page_id = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404 from error
    townhall = permissions.site_for(site)
    draft = get_object_or_404(
        Page.objects.select_related("latest_revision"), site=townhall, pk=page_id
    )
    return _render_page(request, townhall, draft, draft.latest_revision, preview=True)


def preview_token(page: Page) -> str:
    return signing.dumps(page.pk, salt=PREVIEW_SALT)


def news(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    context = {
        "townhall": townhall,
        "menu": queries.menu(townhall),
        "items": queries.latest_news(townhall, limit=50),
    }
    return render(request, "townhall/news.html", context)


@xframe_options_exempt
def widget(request: HttpRequest, site: str) -> HttpResponse:
    """What a community group embeds in an iframe: open consultations and the next workshops."""
    townhall = permissions.get_site_for_user(request.user, site)
    data = queries.block_context(townhall, [{"type": "workshops"}, {"type": "policies"}])
    response = render(request, "townhall/widget.html", {"townhall": townhall, "data": data})
    response["Content-Security-Policy"] = (
        "frame-ancestors *"  # this page alone may be framed by others
    )
    return response


def legal(request: HttpRequest, site: str, which: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    if which not in ("accessibility", "privacy", "cookies"):
        raise Http404
    return render(
        request,
        f"townhall/legal_{which}.html",
        {"townhall": townhall, "menu": queries.menu(townhall)},
    )


def search(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    text = request.GET.get("q", "")
    context = {
        "townhall": townhall,
        "menu": queries.menu(townhall),
        "q": text,
        "results": queries.search(townhall, text),
    }
    return render(request, "townhall/search.html", context)
