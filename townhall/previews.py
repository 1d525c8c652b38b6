"""Link previews: what a public page tells the sites that show a link to it (Open Graph and
card tags), and the 1200×630 picture drawn for an item that has none of its own.

Everything here depends only on the item and its site, never on who is reading, so a page
the page cache keeps carries the same tags for every reader.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat, timezone

from policy_drafts import permissions as draft_permissions
from policy_drafts.closing import closing_time
from policy_drafts.models import Version
from programme.platform import previews as shared
from programme.platform.previews import LinkPreview, absolute
from workshops.models import Workshop

from . import permissions, queries
from .models import Discussion, Page, PageKind, TownhallSite

KINDS = ("site", "page", "workshop", "consultation", "discussion")
MAX_PK = 2**63 - 1


@dataclasses.dataclass(frozen=True)
class Card:
    """What a drawn card shows; its `version` is a hash of all of it."""

    kind: str
    pk: int
    site_slug: str
    site_name: str
    colour: str
    logo: str  # the stored logo's name, or ""
    label: str
    title: str
    details: tuple[str, ...] = ()

    @property
    def version(self) -> str:
        return shared.drawing_version(self)

    @property
    def url(self) -> str:
        path = reverse(
            "townhall:card",
            args=[self.site_slug, self.kind, f"{self.pk}"],
            urlconf=settings.ROOT_URLCONF,
        )
        return f"{absolute(path)}?v={self.version}"

    @property
    def alt(self) -> str:
        return ", ".join([self.title, *self.details])


_canonical = shared.canonical


def _when(value: dt.datetime) -> str:
    """ "Tuesday 15 December 2026, 10am"."""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    clock = "midday" if (local.hour, local.minute) == (12, 0) else f"{hour}{minutes}"
    if clock != "midday":
        clock += "am" if local.hour < 12 else "pm"
    return f"{dateformat.format(local, 'l j F Y')}, {clock}"


def _site_description(townhall: TownhallSite) -> str:
    return townhall.tagline or f"The virtual town hall for {townhall.pilot_site.council_name}"


_short = shared.short


# The card of each kind of item, from the item as loaded (no query of its own).


def _card(
    townhall: TownhallSite, kind: str, pk: int, label: str, title: str, *details: str
) -> Card:
    return Card(
        kind=kind,
        pk=pk,
        site_slug=townhall.pilot_site.slug,
        site_name=townhall.name,
        colour=townhall.colour,
        logo=townhall.logo.name or "",
        label=label,
        title=title,
        details=tuple(d for d in details if d),
    )


def site_card(townhall: TownhallSite) -> Card:
    return _card(
        townhall,
        "site",
        townhall.pk,
        townhall.pilot_site.council_name,
        townhall.name,
        townhall.tagline,
    )


def page_card(townhall: TownhallSite, page: Page) -> Card:
    revision = page.live_revision or page.latest
    label = page.listing[1] if page.listing and page.kind == PageKind.NEWS else townhall.name
    return _card(townhall, "page", page.pk, label, revision.title)


def _place(workshop: Workshop) -> str:
    return workshop.venue_name.strip() or ("Online" if workshop.online_url else "")


def workshop_card(townhall: TownhallSite, workshop: Workshop) -> Card:
    return _card(
        townhall,
        "workshop",
        workshop.pk,
        "Workshop",
        workshop.title,
        _when(workshop.starts_at),
        _place(workshop),
    )


def consultation_card(townhall: TownhallSite, version: Version) -> Card:
    draft = version.draft
    closes = f"Comments close {closing_time(draft.closes_at)}" if draft.closes_at else ""
    return _card(townhall, "consultation", version.pk, "Have your say", draft.title, closes)


def discussion_card(townhall: TownhallSite, discussion: Discussion) -> Card:
    return _card(townhall, "discussion", discussion.pk, "Discussion", discussion.title)


# The tags of each public page.


def preview_for(townhall: TownhallSite, item: Any) -> LinkPreview | None:
    """The link preview of a public page about `item` (the site itself, a page, a workshop, a
    consultation's version or a discussion), in `townhall`'s frame; None for anything else."""
    if isinstance(item, TownhallSite):
        card = site_card(townhall)
        return _from_card(
            card, _canonical("townhall:home", card.site_slug), _site_description(townhall)
        )
    if isinstance(item, Page):
        if not item.live_revision_id:
            return None
        return _page_preview(townhall, item)
    if isinstance(item, Workshop):
        if not item.is_public:  # invitation-only, internal or a draft: nothing to share
            return None
        card = workshop_card(townhall, item)
        description = f"{card.alt}. {_short(item.objectives)}".strip()
        return _from_card(card, _canonical("workshops:detail", item.slug), _short(description, 300))
    if isinstance(item, Version):
        card = consultation_card(townhall, item)
        description = " ".join(
            part
            for part in (_short(item.draft.summary), f"{card.details[0]}." if card.details else "")
            if part
        )
        url = _canonical("policy_drafts:version", item.draft.slug, item.number)
        return _from_card(card, url, description or f"Have your say on {item.draft.title}.")
    if isinstance(item, Discussion):
        card = discussion_card(townhall, item)
        url = _canonical("townhall:discussion", card.site_slug, item.pk)
        return _from_card(card, url, f"A residents' discussion on {townhall.name}.")
    return None


def listing_preview(
    townhall: TownhallSite,
    request: HttpRequest | None,
    title: str,
    description: str,
    path: str = "",
) -> LinkPreview | None:
    """The link preview of any other public page in `townhall`'s frame (a list, such as its
    news, discussions or events, or a page of an app below set in it), with the site's card:
    the page's `title` and the site's name, at `path` or the page's own address."""
    url = absolute(path) if path else shared.here(request)
    if not url or not title:
        return None
    card = site_card(townhall)
    name = townhall.name
    return LinkPreview(
        title=f"{title} – {name}",
        description=_short(description.replace("{site}", name), 300) or f"{title}, on {name}.",
        url=url.split("?")[0],
        site_name=name,
        image_url=card.url,
        image_alt=card.alt,
    )


def _from_card(card: Card, url: str, description: str, type: str = "website") -> LinkPreview:
    return LinkPreview(
        title=card.title,
        description=description,
        url=url,
        site_name=card.site_name,
        image_url=card.url,
        image_alt=card.alt,
        type=type,
    )


def _page_preview(townhall: TownhallSite, page: Page) -> LinkPreview:
    revision = page.live_revision or page.latest
    slug = townhall.pilot_site.slug
    if page.slug == "home":
        url = _canonical("townhall:home", slug)
    else:
        url = _canonical("townhall:page", slug, page.slug)
    description = revision.summary or _site_description(townhall)
    card = page_card(townhall, page)
    preview = _from_card(card, url, description, type="article")
    image = queries.with_images([page])[0].image if page.live_revision_id else None
    if image is None or not image.file:
        return preview
    try:  # its own picture, as big as it is; a file gone missing leaves the card
        width, height = image.file.width, image.file.height
    except (OSError, ValueError):
        return preview
    return dataclasses.replace(
        preview,
        image_url=absolute(image.file.url),
        image_alt=image.alt_text or revision.title,
        image_width=width,
        image_height=height,
    )


# The card behind a card address, for the public only.


def public_card(townhall: TownhallSite, kind: str, key: str) -> Card | None:
    """The card of an item anyone may see on this site, or None (unknown, hidden, a draft, an
    invitation-only or internal workshop, a site not live, a page not published)."""
    if kind not in KINDS or not (key.isascii() and key.isdigit()) or int(key) > MAX_PK:
        return None
    pk = int(key)
    if not permissions.can_view(AnonymousUser(), townhall):
        return None
    if kind == "site":
        return site_card(townhall) if pk == townhall.pk else None
    if kind == "page":
        page = (
            Page.objects.live().filter(site=townhall, pk=pk).select_related("live_revision").first()
        )
        return page_card(townhall, page) if page else None
    if kind == "workshop":
        workshop = Workshop.objects.public().filter(site=townhall.pilot_site, pk=pk).first()
        return workshop_card(townhall, workshop) if workshop else None
    if kind == "consultation":
        version = (
            Version.objects.filter(pk=pk, draft__site=townhall.pilot_site)
            .select_related("draft")
            .first()
        )
        if version is None or not draft_permissions.can_read(
            AnonymousUser(), version.draft, has_versions=True
        ):
            return None
        return consultation_card(townhall, version)
    discussion = Discussion.objects.shown().filter(site=townhall, pk=pk).first()
    return discussion_card(townhall, discussion) if discussion else None


# Drawing (the programme's, in the council's colour and logo).


def draw(card: Card) -> bytes:
    """The card as a PNG: the council's colour as a band with its logo and name, the title
    wrapped to fit, and what a reader needs to know (when, where, when comments close)."""
    return shared.draw(
        colour=card.colour,
        logo=card.logo,
        name=card.site_name,
        label=card.label,
        title=card.title,
        details=card.details,
    )
