"""The public town hall sites: the home page and its pages."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt

from programme.decorators import View
from programme.platform.headers import CORP

from .. import page_cache, permissions, queries
from ..blocks import is_heading, is_live, live_kinds
from ..models import Page, PageKind, PageRevision, TownhallSite

PREVIEW_SALT = "townhall.preview"
PREVIEW_MAX_AGE = 7 * 24 * 60 * 60  # a week


def _render_page(
    request: HttpRequest,
    site: TownhallSite,
    page: Page,
    revision: PageRevision,
    *,
    preview: bool = False,
) -> HttpResponse:
    data = queries.block_context(site, revision.blocks, request.user)
    context = {
        "townhall": site,
        "page": page,
        "revision": revision,
        "blocks": revision.blocks,
        "data": data,
        "preview": preview,
        "can_edit": permissions.can_edit(request.user, site),
        "next": (
            queries.what_next(site, request.user, read=data)
            if page.kind in ("news", "consultation", "event")
            else None
        ),
        "tags": queries.tags_of(page),
        "byline": queries.byline(page),
        "ancestors": queries.ancestors(page),
        "children": queries.live_children(page),
        # Third-party media waits until the visitor asks for it (the page's own consent step).
        "show_embeds": request.GET.get("embed") == "show",
    }
    return render(request, "townhall/page.html", context)


def home(request: HttpRequest, site: str) -> HttpResponse:
    cached = page_cache.lookup(request, site, "home")
    if cached is not None:
        return cached
    townhall = permissions.site_for(site)
    if not permissions.can_view(request.user, townhall):
        return coming_soon(request, townhall)
    response = _render_home(request, townhall)
    page_cache.keep_for_visitors(request, townhall, "home", response)
    return response


def coming_soon(request: HttpRequest, townhall: TownhallSite) -> HttpResponse:
    """A site not live yet, as the public sees it: what it will be for, and what a resident
    can do now (apply to be an ambassador, come to a workshop, comment on an open draft).
    Never cached: it changes the moment the site goes live."""
    context = {
        "townhall": townhall,
        "data": queries.block_context(townhall, [{"type": "workshops"}, {"type": "policies"}]),
    }
    return render(request, "townhall/coming_soon.html", context)


def _render_home(request: HttpRequest, townhall: TownhallSite) -> HttpResponse:
    """What the site is for and one thing to do now, then cards of what is happening.

    The home page's own blocks introduce the site; its live blocks (news, workshops,
    consultations, around the web) are left out, as the cards already show them.
    """
    home_page = queries.live_page(townhall, "home")
    blocks = home_page.live.blocks if home_page else []
    context = {
        "townhall": townhall,
        "home": home_page,
        "page": home_page,
        "blocks": _intro(blocks),
        "data": queries.block_context(
            townhall,
            [*blocks, *({"type": kind} for kind in live_kinds())],
            request.user,
        ),
        "discussions": queries.recent_discussions(townhall),
        "can_edit": permissions.can_edit(request.user, townhall),
    }
    return render(request, "townhall/home.html", context)


def _intro(blocks: list[dict]) -> list[dict]:
    """The home page's own words: its blocks without the live ones, and without a heading
    left with nothing under it (one that only introduced the live blocks)."""
    kept = [b for b in blocks if not is_live(b)]
    return [
        block
        for n, block in enumerate(kept)
        if not is_heading(block) or (n + 1 < len(kept) and not is_heading(kept[n + 1]))
    ]


def page(request: HttpRequest, site: str, slug: str) -> HttpResponse:
    """A live page; its editors see the latest revision as a preview."""
    cached = page_cache.lookup(request, site, f"page:{slug}")
    if cached is not None:
        return cached
    townhall = permissions.site_for(site)
    if not permissions.can_view(request.user, townhall):
        return coming_soon(request, townhall)
    response = _render_live(request, townhall, slug)
    page_cache.keep_for_visitors(request, townhall, f"page:{slug}", response)
    return response


def _render_live(request: HttpRequest, townhall: TownhallSite, slug: str) -> HttpResponse:
    live = queries.live_page(townhall, slug)
    if permissions.can_edit(request.user, townhall):
        draft = queries.page_draft(townhall, slug=slug)
        preview = live is None or draft.latest_revision_id != draft.live_revision_id
        return _render_page(request, townhall, draft, draft.latest, preview=preview)
    if live is None:
        raise Http404
    return _render_page(request, townhall, live, live.live)


def preview(request: HttpRequest, site: str, token: str) -> HttpResponse:
    """A shareable, expiring link to a draft, for a colleague without editing rights."""
    try:
        page_id = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404 from error
    townhall = permissions.site_for(site)
    draft = queries.page_draft(townhall, pk=page_id)
    return _render_page(request, townhall, draft, draft.latest, preview=True)


def preview_token(page: Page) -> str:
    return signing.dumps(page.pk, salt=PREVIEW_SALT)


EVENTS_SHOWN = 20
PER_PAGE = 25


def news(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    page_obj = page_cache.shared_list_page(
        townhall,
        "news",
        lambda: queries.live_news(townhall),
        request.GET.get("page"),
        PER_PAGE,
        finish=lambda found: queries.with_tags(queries.with_images(found)),
    )
    return render(request, "townhall/news.html", {"townhall": townhall, "page_obj": page_obj})


def around(request: HttpRequest, site: str) -> HttpResponse:
    """Around the web: what the local social web says, attributed and linked to where it was said."""
    townhall = permissions.get_site_for_user(request.user, site)
    context = {
        "townhall": townhall,
        "page_obj": page_cache.shared_list_page(
            townhall,
            "around",
            lambda: queries.around_the_web(townhall),
            request.GET.get("page"),
            PER_PAGE,
        ),
    }
    return render(request, "townhall/around.html", context)


def tags(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    context = {
        "townhall": townhall,
        "tags": queries.tags_in_use(townhall),
    }
    return render(request, "townhall/tags.html", context)


def tag(request: HttpRequest, site: str, slug: str) -> HttpResponse:
    """Everything on the site with one tag: its own pages and the items brought in."""
    townhall = permissions.get_site_for_user(request.user, site)
    chosen = queries.tag(townhall, slug)
    pages, items = queries.tagged(townhall, chosen)
    context = {
        "townhall": townhall,
        "tag": chosen,
        "pages": pages,
        "items": items,
    }
    return render(request, "townhall/tag.html", context)


def embeddable(view: View) -> View:
    """A page other sites may frame: no X-Frame-Options, and CSP lets any ancestor in.
    (django-csp types its decorators for views that take the request alone.)"""
    return xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(view))


@embeddable
def widget(request: HttpRequest, site: str) -> HttpResponse:
    """What a community group embeds in an iframe: open consultations and the next workshops."""
    townhall = permissions.get_site_for_user(request.user, site)
    data = queries.block_context(townhall, [{"type": "workshops"}, {"type": "policies"}])
    response = render(request, "townhall/widget.html", {"townhall": townhall, "data": data})
    response.headers[CORP] = "cross-origin"  # made to sit in other sites' pages
    return response


def legal(request: HttpRequest, site: str, which: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    if which not in ("accessibility", "privacy", "cookies"):
        raise Http404
    return render(
        request,
        f"townhall/legal_{which}.html",
        {"townhall": townhall},
    )


def search(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    text = request.GET.get("q", "")
    context = {
        "townhall": townhall,
        "q": text,
        "groups": queries.search(townhall, text, request.user),
    }
    return render(request, "townhall/search.html", context)


def events(request: HttpRequest, site: str) -> HttpResponse:
    """Workshops and events: the site's next workshops this reader may come to, and its event pages."""
    townhall = permissions.get_site_for_user(request.user, site)
    # The next few here; the workshops list pages through every one.
    workshops = queries.upcoming_workshops(townhall, request.user, EVENTS_SHOWN)
    context = {
        "townhall": townhall,
        "workshops": workshops,
        "more_workshops": len(workshops) == EVENTS_SHOWN,
        "page_obj": page_cache.shared_list_page(
            townhall,
            "event-pages",
            lambda: queries.pages_of_kind(townhall, PageKind.EVENT),
            request.GET.get("page"),
            PER_PAGE,
        ),
    }
    return render(request, "townhall/events.html", context)


def have_your_say(request: HttpRequest, site: str) -> HttpResponse:
    """Have your say: drafts open for comment, and the site's consultation pages."""
    townhall = permissions.get_site_for_user(request.user, site)
    context = {
        "townhall": townhall,
        "consultations": queries.open_consultations(townhall),
        "pages": queries.live_pages_of_kind(townhall, PageKind.CONSULTATION),
    }
    return render(request, "townhall/have_your_say.html", context)


def get_involved(request: HttpRequest, site: str) -> HttpResponse:
    """Every way a resident can take part here, including the site's own "get involved" pages."""
    townhall = permissions.get_site_for_user(request.user, site)
    context = {
        "townhall": townhall,
        "next": queries.what_next(townhall, request.user),
        "pages": queries.live_pages_of_kind(townhall, PageKind.GET_INVOLVED),
    }
    return render(request, "townhall/get_involved.html", context)


def theme(request: HttpRequest, site: str) -> HttpResponse:
    """The site's colour as a stylesheet. Pages link it with the colour in the address, so
    it may be kept for a long time; a page of the public cache needs no nonce for it."""
    colour = queries.site_colour(site)
    response = HttpResponse(
        f":root {{ --th-colour: {colour}; }}\n", content_type="text/css; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response
