"""Reads for the town hall sites: menus, pages with what their blocks show, the editor's dashboard."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from policy_drafts.models import Comment, PolicyDraft
from programme import permissions as programme_permissions
from programme import queries as programme_queries
from programme.models import AuditEntry, Role, RoleGrant
from programme.platform import search as full_text
from programme.platform.counting import count_of
from programme.platform.text import plural
from workshops.models import PUBLIC, Invitation, Workshop, WorkshopStatus
from workshops.queries import with_counts

from . import page_cache, permissions
from .blocks import PALETTE, image_ids, site_links
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
    return page_cache.shared_data(
        site,
        f"page:{slug}",
        lambda: (
            Page.objects.live()
            .filter(site=site, slug=slug)
            .select_related("live_revision", "site__pilot_site", "created_by")
            .first()
        ),
    )


def live_news(site: TownhallSite) -> QuerySet[Page]:
    return (
        Page.objects.live()
        .filter(site=site, kind=PageKind.NEWS)
        .select_related("live_revision", "site__pilot_site", "created_by")
        .order_by("-first_published_at", "-pk")
    )


# The site's own sections, in the order residents meet them (LocalGov Drupal's service navigation).
SECTIONS = [
    ("Home", "townhall:home"),
    ("News", "townhall:news"),
    ("Workshops and events", "townhall:events"),
    ("Have your say", "townhall:have_your_say"),
    ("Discussions", "townhall:discussions"),
    ("Around the web", "townhall:around"),
    ("Get involved", "townhall:get_involved"),
]


def link_choices(site: TownhallSite) -> list[tuple[str, str]]:
    """Addresses of the site an editor may link to: its sections and its live pages."""
    slug = site.pilot_site.slug
    sections = [(reverse(name, args=[slug]), label) for label, name in SECTIONS]
    pages = (
        Page.objects.live()
        .filter(site=site)
        .exclude(slug="home")
        .select_related("live_revision", "site__pilot_site")
        .order_by("live_revision__title")[:300]
    )
    return sections + [(page.get_absolute_url(), page.live.title) for page in pages]


def dead_links(blocks: list[dict[str, Any]]) -> set[str]:
    """The addresses on this site that blocks link to and that lead nowhere: no such address,
    or a town hall page that is not published. One query, whatever the number of links."""
    dead, pages = set(), {}
    for url in site_links(blocks):
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            dead.add(url)
            continue
        if match.view_name == "townhall:page":
            pages[url] = (match.kwargs["site"], match.kwargs["slug"])
    if pages:
        live = set(
            Page.objects.live()
            .filter(
                site__pilot_site__slug__in={site for site, _ in pages.values()},
                slug__in={slug for _, slug in pages.values()},
            )
            .values_list("site__pilot_site__slug", "slug")
        )
        dead |= {url for url, place in pages.items() if place not in live}
    return dead


def pages_of_kind(site: TownhallSite, kind: str) -> QuerySet[Page]:
    """The site's live pages of a kind in their order (for lists that page through them)."""
    return (
        Page.objects.live()
        .filter(site=site, kind=kind)
        .select_related("live_revision", "site__pilot_site")
        .order_by("position", "pk")
    )


def live_pages_of_kind(site: TownhallSite, kind: str) -> list[Page]:
    return page_cache.shared_data(
        site,
        f"pages:{kind}",
        lambda: list(
            Page.objects.live()
            .filter(site=site, kind=kind)
            .select_related("live_revision", "site__pilot_site")
            .order_by("position", "pk")
        ),
    )


def with_tags(pages: list[Page]) -> list[Page]:
    """Pages with their tags read in one query for them all (for lists)."""
    prefetch_related_objects(
        pages, Prefetch("tags", Tag.objects.select_related("site__pilot_site"))
    )
    return pages


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


def block_context(
    site: TownhallSite, blocks: list[dict[str, Any]], viewer: Any = None
) -> dict[str, Any]:
    """Everything the blocks of a page show, read once per kind of block, whatever their number.

    Without a `viewer` the page is as an anonymous visitor sees it (what the page cache keeps).
    """
    kinds = {block.get("type") for block in blocks}
    live = [kind for kind in PALETTE.values() if kind.live]
    context: dict[str, Any] = {
        "kinds": kinds,  # what was read, for `what_next`
        "images": {},
        **{kind.key: kind.read(site, viewer) if kind.key in kinds else [] for kind in live},
    }
    ids = image_ids(blocks)
    if ids:
        context["images"] = page_cache.shared_data(
            site,
            "images:" + ",".join(sorted(str(pk) for pk in set(ids))),
            lambda: {image.pk: image for image in SiteImage.objects.filter(site=site, pk__in=ids)},
        )
    return context


def upcoming_workshops(site: TownhallSite, viewer: Any = None, limit: int = 5) -> list[Workshop]:
    """The site's next workshops this reader may register for: public ones, and invitation-only
    or internal ones only for the people invited (nobody is offered what they cannot take).

    The open ones are the same for everyone and kept (`page_cache.shared_data`); a signed-in
    reader's invitations are read for them alone."""

    def upcoming(reachable: Q) -> list[Workshop]:
        # No DISTINCT: `reachable` (PUBLIC, or the invited ids) joins nothing, and DISTINCT
        # had PostgreSQL count the places of every upcoming workshop before the limit.
        workshops = (
            Workshop.objects.visible()
            .upcoming()
            .filter(site=site.pilot_site)
            .filter(reachable)
            .exclude(status=WorkshopStatus.CANCELLED)
        )
        return list(with_counts(workshops).order_by("starts_at", "pk")[:limit])

    found = page_cache.shared_data(site, f"workshops:{limit}", lambda: upcoming(PUBLIC))
    if viewer is not None and viewer.is_authenticated:
        invitations = Invitation.objects.filter(
            person=viewer,
            workshop__site_id=site.pilot_site_id,
            workshop__starts_at__gt=timezone.now(),
        ).exclude(workshop__in=Workshop.objects.public())
        chosen = list(invitations.values_list("workshop_id", flat=True)[:limit])
        if chosen:  # most people have none: one small query, not the whole list again
            invited = upcoming(Q(pk__in=chosen))
            found = sorted(found + invited, key=lambda w: (w.starts_at, w.pk))[:limit]
    return found


def open_consultations(site: TownhallSite) -> list[PolicyDraft]:
    """Drafts open for comment now, the site's own and programme-wide ones, soonest closing
    first, each with `commenters`: how many people have commented (visible comments only)."""
    return page_cache.shared_data(site, "consultations", lambda: _open_consultations(site))


def _open_consultations(site: TownhallSite) -> list[PolicyDraft]:
    return list(
        PolicyDraft.objects.open_for_comment()
        .filter(Q(site__isnull=True) | Q(site=site.pilot_site))
        .annotate(
            commenters=count_of(
                Comment.objects.shown(), "section__version__draft", distinct="author"
            )
        )
        .order_by(F("closes_at").asc(nulls_last=True), "title")
    )


def with_images(pages: list[Page]) -> list[Page]:
    """Each page with `image`: the first image of its live revision (one query for them all),
    what news cards and the news list show beside the summary."""
    first = {}
    for page in pages:
        shown = image_ids(page.live.blocks) if page.live_revision else []
        if shown:
            first[page.pk] = shown[0]
    images = SiteImage.objects.in_bulk(set(first.values())) if first else {}
    for page in pages:
        page.image = images.get(first.get(page.pk))
    return pages


def recent_discussions(site: TownhallSite, limit: int = 4) -> list[Discussion]:
    return list(discussions(site)[:limit])


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
        if published is not None
    ]
    return round(statistics.median(durations), 1) if durations else None


def stale_pages(site: TownhallSite) -> QuerySet[Page]:
    return Page.objects.filter(site=site, review_on__lt=timezone.localdate()).select_related(
        "latest_revision"
    )


NEXT_STEPS = ("workshops", "policies")


def what_next(
    site: TownhallSite, viewer: Any = None, read: dict[str, Any] | None = None
) -> dict[str, Any]:
    """From talk to formal participation, as far as this reader can take it: open drafts,
    the workshops they may register for, ambassadors, and the site's councillors.

    `read` is what a page's blocks already read for this reader (`block_context`): what it
    holds of these is not read again."""
    done = set(read["kinds"]) & set(NEXT_STEPS) if read else set()
    data = block_context(site, [{"type": kind} for kind in NEXT_STEPS if kind not in done], viewer)
    data.update({kind: read[kind] for kind in done} if read else {})
    data["councillors"] = page_cache.shared_data(site, "councillors", lambda: _councillors(site))
    data["contact"] = councillor_contact(site)
    return data


def _councillors(site: TownhallSite) -> list[str]:
    return [
        grant.user.public_name
        for grant in RoleGrant.objects.active()
        .filter(site=site.pilot_site, role=Role.ELECTED_MEMBER, shown_on_persona=True)
        .select_related("user")
        .order_by("user__display_name", "user__full_name")
    ]


def councillor_contact(site: TownhallSite) -> dict[str, str] | None:
    """Where residents reach their councillors, as the programme records it: the council's
    councillors page, else its contact address, else its website."""
    pilot = site.pilot_site
    if pilot.councillors_url:
        return {"url": pilot.councillors_url, "label": f"{pilot.council_name}'s councillors page"}
    if pilot.contact_email:
        return {"url": f"mailto:{pilot.contact_email}", "label": pilot.contact_email}
    if pilot.website:
        return {"url": pilot.website, "label": f"{pilot.council_name}'s website"}
    return None


def discussions(site: TownhallSite) -> QuerySet[Discussion]:
    """The site's discussions anyone may read (the list, the home page, search)."""
    return (
        Discussion.objects.shown()
        .filter(site=site)
        .select_related("site__pilot_site", "started_by")
        .annotate(
            post_count=count_of(
                Post.objects.shown(),
                "discussion",
            )
        )
        .order_by("-last_post_at", "-pk")
    )


# Posts on a page of a discussion: read in order, a page at a time.
POSTS_PER_PAGE = 20


def _posts_seen_by(discussion: Discussion, viewer: Any) -> QuerySet[Post]:
    """Approved posts (hidden ones show as hidden); a person also sees their own post awaiting approval."""
    in_thread = Post.objects.in_thread()
    if viewer.is_authenticated:
        in_thread = in_thread | Post.objects.filter(author=viewer)
    return in_thread.filter(discussion=discussion)


def posts_for(discussion: Discussion, viewer: Any, number: Any = 1) -> DjangoPage:
    """One page of the discussion's posts as this reader sees them, oldest first."""
    posts = (
        _posts_seen_by(discussion, viewer)
        .select_related("author", "capacity_site", "hidden_by", "discussion__site__pilot_site")
        .order_by("created_at", "pk")
    )
    page = Paginator(posts, POSTS_PER_PAGE).get_page(number)
    page.object_list = list(page.object_list)
    return page


def page_of_post(post: Post, viewer: Any) -> int:
    """The page of its discussion a post is on, for this reader."""
    earlier = Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    return _posts_seen_by(post.discussion, viewer).filter(earlier).count() // POSTS_PER_PAGE + 1


def _waiting_posts(site: TownhallSite) -> QuerySet[Post]:
    return Post.objects.waiting().filter(discussion__site=site)


def waiting_count(site: TownhallSite) -> int:
    """What "Posts waiting (n)" counts."""
    return _waiting_posts(site).count()


def waiting_for(user: Any) -> list[dict[str, Any]]:
    """The `waiting_for_moderation` hook: first posts waiting at each site this person
    moderates (their own sites even at none; a coordinator's only where some wait)."""
    counts = dict(
        Post.objects.waiting().values_list("discussion__site").annotate(n=Count("pk")).order_by()
    )
    everywhere = programme_permissions.is_coordinator(user)
    own = {
        grant.site_id
        for grant in programme_permissions.active_grants(user)
        if grant.role in (Role.AMBASSADOR, Role.SITE_LEAD)
    }
    sites = TownhallSite.objects.filter(
        Q(pk__in=counts) if everywhere else Q(pilot_site__in=own)
    ).select_related("pilot_site")
    return [
        {
            "label": f"Posts waiting at {site.name}",
            "count": counts.get(site.pk, 0),
            "url": reverse("townhall:pending", args=[site.pilot_site.slug]),
        }
        for site in sites.order_by("name")
        if permissions.can_moderate_site(user, site)
    ]


def staff_bar(user: Any, site: TownhallSite, page: Page | None = None) -> dict[str, Any] | None:
    """What the slim bar over a public page offers someone who works on the site, or None."""
    role = permissions.staff_role(user, site)
    if role is None:
        return None
    slug = site.pilot_site.slug
    bar: dict[str, Any] = {"role": role, "edit_url": None, "dashboard_url": None, "waiting": None}
    if page is not None and page.pk and permissions.can_edit_page(user, page):
        bar["edit_url"] = reverse("townhall:edit_page", args=[slug, page.pk])
    if permissions.can_write_news(user, site):
        bar["dashboard_url"] = reverse("townhall:dashboard", args=[slug])
    if permissions.can_moderate_site(user, site):
        bar["waiting"] = waiting_count(site)
        bar["waiting_url"] = reverse("townhall:pending", args=[slug])
    return bar


def pending_posts(site: TownhallSite) -> list[Post]:
    return list(
        _waiting_posts(site)
        .select_related("author", "discussion__site__pilot_site")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    when: Any  # a date or datetime to show beside it, or None
    excerpt: str
    source: str = ""  # where an item from around the web was said


@dataclass
class SearchGroup:
    kind: str
    results: list[SearchResult]


def _matching(queryset: QuerySet, text: str, fields: list[str]) -> QuerySet:
    """The rows where `text` matches any of `fields`, from the table's search index: ranked
    with English stemming on PostgreSQL, every word as typed on SQLite (programme/platform/search.py)."""
    return full_text.matching(queryset, text, fields)


def search(site: TownhallSite, text: str, viewer: Any = None, limit: int = 10) -> list[SearchGroup]:
    """Everything a resident can read on the site that matches `text`, grouped by kind
    (only kinds with results, at most `limit` of each): pages, news, discussions (titles
    and posts), workshops, consultations and items from around the web, each with its date."""
    text = text.strip()[:200]
    if not text:
        return []
    pages = (
        Page.objects.live().filter(site=site).select_related("live_revision", "site__pilot_site")
    )
    found_pages = list(_matching(pages, text, ["live_revision__search_text"])[:limit])
    shown_posts = Post.objects.shown().filter(discussion__site=site)
    by_title = _matching(discussions(site), text, ["title"]).values_list("pk", flat=True)
    by_post = _matching(shown_posts, text, ["body"])
    if connection.vendor != "postgresql":
        # Unranked: the latest posts first lets SQLite stop at the limit, not sort every match.
        by_post = by_post.order_by("-pk")
    by_post = by_post.values_list("discussion_id", flat=True)
    # One query, matching titles and posts within it: the same query whatever is found.
    found_discussions = discussions(site).filter(
        Q(pk__in=by_title[:limit]) | Q(pk__in=by_post[:limit])
    )[:limit]
    reachable = PUBLIC
    if viewer is not None and viewer.is_authenticated:
        reachable |= Q(invitations__person=viewer)
    workshops = Workshop.objects.visible().filter(site=site.pilot_site).filter(reachable).distinct()
    found_workshops = _matching(workshops, text, ["title", "objectives", "venue_name"])[:limit]
    drafts = PolicyDraft.objects.published().filter(Q(site__isnull=True) | Q(site=site.pilot_site))
    found_drafts = _matching(drafts, text, ["title", "summary"])[:limit]
    found_items = _matching(around_the_web(site), text, ["title", "summary"])[:limit]

    groups = [
        SearchGroup(
            "Pages",
            [
                SearchResult(
                    p.live.title,
                    p.get_absolute_url(),
                    p.first_published_at,
                    p.live.summary,
                )
                for p in found_pages
                if p.kind != PageKind.NEWS
            ],
        ),
        SearchGroup(
            "News",
            [
                SearchResult(
                    p.live.title,
                    p.get_absolute_url(),
                    p.first_published_at,
                    p.live.summary,
                )
                for p in found_pages
                if p.kind == PageKind.NEWS
            ],
        ),
        SearchGroup(
            "Discussions",
            [
                SearchResult(
                    d.title,
                    d.get_absolute_url(),
                    d.last_post_at,
                    plural(d.post_count, "post"),
                )
                for d in found_discussions
            ],
        ),
        SearchGroup(
            "Workshops and events",
            [
                SearchResult(w.title, w.get_absolute_url(), w.starts_at, w.venue_name)
                for w in found_workshops
            ],
        ),
        SearchGroup(
            "Consultations",
            [
                SearchResult(
                    d.title,
                    d.get_absolute_url(),
                    d.closes_at,
                    d.get_status_display(),
                )
                for d in found_drafts
            ],
        ),
        SearchGroup(
            "Around the web",
            [
                SearchResult(
                    i.title, i.link or i.get_absolute_url(), i.published_at, "", i.source.name
                )
                for i in found_items
            ],
        ),
    ]
    return [group for group in groups if group.results]


def byline(page: Page) -> str:
    """Who a page is by, as residents should read it: the site's team, or the civic persona
    (public name and the roles they chose to show) of the ambassador or provider who wrote it."""
    author = page.created_by
    if author is None or permissions.can_edit(author, page.site):
        return f"the {page.site.name} team"
    roles = ", ".join(grant.label for grant in programme_queries.shown_roles(author))
    return f"{author.public_name} ({roles})" if roles else author.public_name


def discussion(site: TownhallSite, pk: int, viewer: Any) -> Discussion:
    """A discussion as this reader may see it: one with nothing shown is found only by
    those who wrote in it (their post waits for an ambassador) and the site's moderators;
    to anyone else it does not exist (a 404, its title unsaid)."""
    found = get_object_or_404(
        Discussion.objects.select_related("site__pilot_site"), site=site, pk=pk
    )
    if Discussion.objects.shown().filter(pk=found.pk).exists():
        return found
    if viewer.is_authenticated and (
        permissions.can_moderate_site(viewer, site)
        or Post.objects.filter(discussion=found, author=viewer).exists()
    ):
        return found
    raise Http404


def post(site: TownhallSite, pk: int) -> Post:
    return get_object_or_404(
        Post.objects.select_related("discussion__site__pilot_site"), discussion__site=site, pk=pk
    )


def current_editor(site: TownhallSite, pk: int) -> SiteEditor:
    """One of the site's editors whose right has not been taken away; 404 otherwise."""
    return get_object_or_404(
        SiteEditor.objects.select_related("user"), site=site, pk=pk, revoked_at__isnull=True
    )


def page_draft(site: TownhallSite, *, slug: str | None = None, pk: int | None = None) -> Page:
    """A page of the site as its editors see it (latest and live revisions), by address or id."""
    found = Page.objects.select_related("latest_revision", "live_revision")
    if slug is not None:
        return get_object_or_404(found, site=site, slug=slug)
    return get_object_or_404(found, site=site, pk=pk)


def tags_of(page: Page) -> QuerySet[Tag]:
    return page.tags.select_related("site__pilot_site")


def tag(site: TownhallSite, slug: str) -> Tag:
    return get_object_or_404(Tag.objects.select_related("site__pilot_site"), site=site, slug=slug)


def site_colour(slug: str) -> str:
    """The header colour of the site `slug`, or the default for no such site."""
    colour = (
        TownhallSite.objects.filter(pilot_site__slug=slug).values_list("colour", flat=True).first()
    )
    return colour or TownhallSite._meta.get_field("colour").default


def with_feed_health(entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """The audit's entries with their last feed check (the `audit_feed_health` hook): a
    check of an address the entry no longer holds says nothing."""
    current = Q(feed_state__url=F("feed_url"))
    return entries.annotate(
        feed_healthy=Case(
            When(current, then=F("feed_state__healthy")),
            default=Value(None),
            output_field=BooleanField(),
        ),
        feed_problem=Case(
            When(current, then=F("feed_state__problem")),
            default=Value(""),
            output_field=CharField(),
        ),
    )
