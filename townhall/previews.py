"""Link previews: what a public page tells the sites that show a link to it (Open Graph and
card tags), and the 1200×630 picture drawn for an item that has none of its own.

Everything here depends only on the item and its site, never on who is reading, so a page
the page cache keeps carries the same tags for every reader.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import shutil
import subprocess
import textwrap
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator
from PIL import Image, ImageDraw, ImageFont

from policy_drafts import permissions as draft_permissions
from policy_drafts.closing import closing_time
from policy_drafts.models import Version
from workshops.models import Workshop

from . import permissions, queries
from .models import Discussion, Page, PageKind, TownhallSite

WIDTH, HEIGHT = 1200, 630
KINDS = ("site", "page", "workshop", "consultation", "discussion")
# Bumped when the drawing itself changes, so every card's address changes with it.
DRAWING = "1"
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
        drawn = (*dataclasses.astuple(self), DRAWING)
        return hashlib.sha256(repr(drawn).encode()).hexdigest()[:16]

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


@dataclasses.dataclass(frozen=True)
class LinkPreview:
    title: str
    description: str
    url: str  # absolute and canonical, without a query string
    site_name: str
    image_url: str
    image_alt: str
    image_width: int = WIDTH
    image_height: int = HEIGHT
    type: str = "website"


def absolute(path: str) -> str:
    return path if "://" in path else f"{settings.PUBLIC_BASE_URL}{path}"


def _canonical(name: str, *args: Any) -> str:
    # The root URL configuration, so that a page read on a site's own host names the one
    # address under /sites/ all the same.
    return absolute(reverse(name, args=list(args), urlconf=settings.ROOT_URLCONF))


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


def _short(text: str, length: int = 200) -> str:
    return Truncator(" ".join(text.split())).chars(length)


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


# Drawing.


@functools.cache
def _font_file(bold: bool) -> str | None:
    pattern = "DejaVu Sans:bold" if bold else "DejaVu Sans"
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        found = subprocess.run(
            [fc_match, "-f", "%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found if found.lower().endswith((".ttf", ".otf")) else None


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_file(bold)
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size)


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, size: int, width: int, lines: int
) -> tuple[Any, list[str]]:
    """The title in the biggest size (down from `size`) that fits `lines` lines of `width`."""
    for candidate in range(size, 27, -6):
        font = _font(candidate, bold=True)
        chars = max(int(width / (candidate * 0.58)), 8)
        wrapped = textwrap.wrap(text, chars) or [""]
        if len(wrapped) <= lines and all(
            draw.textlength(line, font=font) <= width for line in wrapped
        ):
            return font, wrapped
    wrapped = textwrap.wrap(text, max(int(width / (28 * 0.58)), 8))
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" .,;:") + "…"
    return _font(28, bold=True), wrapped


def _logo(name: str) -> Image.Image | None:
    if not name:
        return None
    try:
        with default_storage.open(name) as stored, Image.open(stored) as image:
            image.thumbnail((300, 96))
            return image.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def draw(card: Card) -> bytes:
    """The card as a PNG: the council's colour as a band with its logo and name, the title
    wrapped to fit, and what a reader needs to know (when, where, when comments close)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    margin, band = 64, 150
    pen.rectangle([0, 0, WIDTH, band], fill=card.colour)
    pen.rectangle([0, HEIGHT - 20, WIDTH, HEIGHT], fill=card.colour)
    x = margin
    logo = _logo(card.logo)
    if logo is not None:
        image.paste(logo, (x, (band - logo.height) // 2), logo)
        x += logo.width + 28
    name_font = _font(44, bold=True)
    pen.text((x, band // 2), card.site_name, font=name_font, fill="white", anchor="lm")
    y = band + 48
    pen.text((margin, y), card.label.upper(), font=_font(28, bold=True), fill=card.colour)
    y += 56
    lines = 3 if card.details else 4
    font, wrapped = _wrap(pen, card.title, 68, WIDTH - 2 * margin, lines)
    size = getattr(font, "size", 28)
    for line in wrapped:
        pen.text((margin, y), line, font=font, fill="#0b0c0c")
        y += int(size * 1.2)
    y += 28
    detail_font = _font(32)
    for detail in card.details:
        if y > HEIGHT - 80:
            break
        pen.text((margin, y), Truncator(detail).chars(60), font=detail_font, fill="#383f43")
        y += 46
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
