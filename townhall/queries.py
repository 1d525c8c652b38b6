"""Reads for the town hall sites: menus, pages with what their blocks show, the editor's dashboard."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from policy_drafts.models import DraftStatus, PolicyDraft
from programme import queries as programme_queries
from programme.models import Role, RoleGrant
from workshops.models import Workshop
from workshops.queries import with_counts

from . import permissions
from .models import (
    AggregatedItem,
    Discussion,
    Page,
    PageKind,
    Post,
    SiteEditor,
    SiteImage,
    Tag,
    TownhallSite,
)


def menu(site: TownhallSite) -> QuerySet[Page]:
    return (
        Page.objects.live()
        .filter(site=site, in_menu=True, parent__isnull=True)
        .select_related("live_revision", "site__pilot_site")
    )


def ancestors(page: Page) -> list[Page]:
    """The live pages above this one, top first (a query per level: trees here are shallow)."""
    found: list[Page] = []
    parent_id, seen = page.parent_id, {page.pk}
    while parent_id is not None and parent_id not in seen and len(found) < 10:
        seen.add(parent_id)
        parent = (
            Page.objects.live()
            .filter(pk=parent_id)
            .select_related("live_revision", "site__pilot_site")
            .first()
        )
        if parent is None:
            break
        found.insert(0, parent)
        parent_id = parent.parent_id
    return found


def live_children(page: Page) -> list[Page]:
    return list(
        Page.objects.live()
        .filter(parent=page)
        .select_related("live_revision", "site__pilot_site")
        .order_by("position", "pk")
    )


def live_page(site: TownhallSite, slug: str) -> Page | None:
    return (
        Page.objects.live()
        .filter(site=site, slug=slug)
        .select_related("live_revision", "site__pilot_site", "created_by")
        .first()
    )


def live_news(site: TownhallSite) -> QuerySet[Page]:
    return (
        Page.objects.live()
        .filter(site=site, kind=PageKind.NEWS)
        .select_related("live_revision", "site__pilot_site", "created_by")
        .order_by("-first_published_at", "-pk")
    )


def latest_news(site: TownhallSite, limit: int = 5) -> list[Page]:
    return list(live_news(site)[:limit])


def around_the_web(site: TownhallSite) -> QuerySet[AggregatedItem]:
    """Items from the local feeds that residents may see: approved, not hidden."""
    return (
        AggregatedItem.objects.filter(
            site=site, approved_at__isnull=False, hidden_at__isnull=True, withdrawn_at__isnull=True
        )
        .select_related("source", "site__pilot_site")
        .prefetch_related("tags__site__pilot_site")
        .order_by("-published_at", "-pk")
    )


def pending_items(site: TownhallSite) -> list[AggregatedItem]:
    return list(
        AggregatedItem.objects.filter(site=site, approved_at__isnull=True, hidden_at__isnull=True)
        .select_related("source", "site__pilot_site")
        .order_by("fetched_at", "pk")
    )


def tags_in_use(site: TownhallSite) -> list[Tag]:
    """The site's tags on something residents can see, each with how many things carry it.

    Pages and items are counted apart (one grouped query each) rather than joined,
    which would multiply a tag's pages by its items.
    """
    pages = dict(
        Page.objects.live()
        .filter(site=site, tags__isnull=False)
        .values_list("tags")
        .annotate(n=Count("pk"))
        .order_by()
    )
    items = dict(
        around_the_web(site)
        .filter(tags__isnull=False)
        .values_list("tags")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tags = list(
        Tag.objects.filter(site=site, pk__in={*pages, *items}).select_related("site__pilot_site")
    )
    for tag in tags:
        tag.count = pages.get(tag.pk, 0) + items.get(tag.pk, 0)
    return tags


def tagged(site: TownhallSite, tag: Tag) -> tuple[list[Page], list[AggregatedItem]]:
    pages = (
        Page.objects.live()
        .filter(site=site, tags=tag)
        .select_related("live_revision", "site__pilot_site")
        .order_by("-first_published_at", "pk")
    )
    return list(pages[:100]), list(around_the_web(site).filter(tags=tag)[:100])


def block_context(site: TownhallSite, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """Everything the blocks of a page show, read once per kind of block, whatever their number."""
    kinds = {block.get("type") for block in blocks}
    context: dict[str, Any] = {
        "images": {},
        "workshops": [],
        "policies": [],
        "news": [],
        "around": [],
    }
    ids = [b.get("image_id") for b in blocks if b.get("type") == "image"]
    if ids:
        context["images"] = {
            image.pk: image for image in SiteImage.objects.filter(site=site, pk__in=ids)
        }
    if "workshops" in kinds:
        context["workshops"] = list(
            with_counts(
                Workshop.objects.visible().upcoming().filter(site=site.pilot_site)
            ).order_by("starts_at")[:5]
        )
    if "policies" in kinds:
        context["policies"] = list(
            PolicyDraft.objects.filter(
                Q(site__isnull=True) | Q(site=site.pilot_site), status=DraftStatus.OPEN
            ).order_by("title")
        )
    if "news" in kinds:
        context["news"] = latest_news(site)
    if "around" in kinds:
        context["around"] = list(around_the_web(site)[:5])
    return context


def editor_pages(site: TownhallSite) -> QuerySet[Page]:
    return (
        Page.objects.filter(site=site)
        .select_related("latest_revision", "live_revision")
        .order_by("position", "pk")
    )


def contributed_news_waiting(site: TownhallSite) -> list[Page]:
    """News written by ambassadors and content providers that is not yet published as it stands."""
    editors = SiteEditor.objects.active().filter(site=site).values("user")
    leads = (
        RoleGrant.objects.active()
        .filter(Q(role=Role.COORDINATOR) | Q(role=Role.SITE_LEAD, site=site.pilot_site))
        .values("user")
    )
    return list(
        Page.objects.filter(site=site, kind=PageKind.NEWS)
        .exclude(created_by__in=editors)
        .exclude(created_by__in=leads)
        .exclude(live_revision=F("latest_revision"))
        .select_related("latest_revision", "created_by")
        .order_by("created_at")
    )


def site_editors(site: TownhallSite) -> list[SiteEditor]:
    """Who edits the site, and who is invited to: what the lead manages on the dashboard."""
    return list(SiteEditor.objects.open().filter(site=site).select_related("user"))


def median_minutes_to_publish(site: TownhallSite) -> float | None:
    """The pilot promised a new page in ten minutes: measure it, from creation to first publication."""
    durations = [
        (published - created).total_seconds() / 60
        for created, published in Page.objects.filter(
            site=site, first_published_at__isnull=False
        ).values_list("created_at", "first_published_at")
    ]
    return round(statistics.median(durations), 1) if durations else None


def stale_pages(site: TownhallSite) -> QuerySet[Page]:
    return Page.objects.filter(site=site, review_on__lt=timezone.localdate()).select_related(
        "latest_revision"
    )


def what_next(site: TownhallSite) -> dict[str, Any]:
    """From talk to formal participation: open drafts, the next workshops, ambassadors, councillors."""
    data = block_context(site, [{"type": "workshops"}, {"type": "policies"}])
    data["councillors"] = [
        grant.user.public_name
        for grant in RoleGrant.objects.active()
        .filter(site=site.pilot_site, role=Role.ELECTED_MEMBER, shown_on_persona=True)
        .select_related("user")
    ]
    return data


def discussions(site: TownhallSite) -> QuerySet[Discussion]:
    shown = Q(posts__approved_at__isnull=False)
    return (
        Discussion.objects.filter(site=site)
        .filter(shown)
        .select_related("site__pilot_site", "started_by")
        .annotate(
            post_count=Count(
                "posts", filter=shown & Q(posts__hidden_at__isnull=True), distinct=True
            )
        )
        .order_by("-last_post_at", "-pk")
    )


def posts_for(discussion: Discussion, viewer: Any) -> list[Post]:
    """Approved posts (hidden ones show as hidden); a person also sees their own post awaiting approval."""
    posts = Post.objects.filter(discussion=discussion).select_related(
        "author", "capacity_site", "hidden_by", "discussion__site__pilot_site"
    )
    visible = Q(approved_at__isnull=False)
    if viewer.is_authenticated:
        visible |= Q(author=viewer)
    return list(posts.filter(visible))


def pending_posts(site: TownhallSite) -> list[Post]:
    return list(
        Post.objects.filter(discussion__site=site, approved_at__isnull=True)
        .select_related("author", "discussion__site__pilot_site")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    kind: str
    excerpt: str


def search(site: TownhallSite, text: str, limit: int = 30) -> list[SearchResult]:
    """The site's live pages and shown discussion posts matching `text`.

    PostgreSQL ranks with its full-text search (English stemming); SQLite, for
    development, matches the words as typed.
    """
    text = text.strip()[:200]
    if not text:
        return []
    pages = (
        Page.objects.live().filter(site=site).select_related("live_revision", "site__pilot_site")
    )
    posts = Post.objects.filter(
        discussion__site=site,
        approved_at__isnull=False,
        hidden_at__isnull=True,
        withdrawn_at__isnull=True,
    ).select_related("discussion__site__pilot_site")
    items = around_the_web(site)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(text, config="english", search_type="websearch")
        pages = (
            pages.annotate(
                rank=SearchRank(SearchVector("live_revision__search_text", config="english"), query)
            )
            .filter(rank__gt=0)
            .order_by("-rank")
        )
        posts = (
            posts.annotate(rank=SearchRank(SearchVector("body", config="english"), query))
            .filter(rank__gt=0)
            .order_by("-rank")
        )
        items = (
            items.annotate(
                rank=SearchRank(SearchVector("title", "summary", config="english"), query)
            )
            .filter(rank__gt=0)
            .order_by("-rank")
        )
    else:
        for word in text.split()[:8]:
            pages = pages.filter(live_revision__search_text__icontains=word)
            posts = posts.filter(body__icontains=word)
            items = items.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    results = [
        SearchResult(
            p.live_revision.title,
            p.get_absolute_url(),
            p.get_kind_display(),
            p.live_revision.summary,
        )
        for p in pages[:limit]
    ]
    results += [
        SearchResult(post.discussion.title, post.get_absolute_url(), "Discussion", post.body[:200])
        for post in posts[:limit]
    ]
    results += [
        SearchResult(item.title, item.get_absolute_url(), f"Around the web: {item.source.name}", "")
        for item in items[:limit]
    ]
    return results


def byline(page: Page) -> str:
    """Who a page is by, as residents should read it: the site's team, or the civic persona
    (public name and the roles they chose to show) of the ambassador or provider who wrote it."""
    author = page.created_by
    if author is None or permissions.can_edit(author, page.site):
        return f"the {page.site.name} team"
    roles = ", ".join(grant.label for grant in programme_queries.shown_roles(author))
    return f"{author.public_name} ({roles})" if roles else author.public_name
