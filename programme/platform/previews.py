"""Link previews, the part every app shares: the tags a page's <head> carries (Open Graph,
the card and the canonical link), the 1200×630 picture drawn for a page with none of its own,
and the programme's own card for the pages in the programme's frame.

A council's site draws its own cards (`townhall.previews`) with `draw`; a page in the
programme's frame (the home page, the lists of workshops and policies, a programme-wide
consultation) shows the programme's card. Either way the tags depend only on the page, never
on who reads it, so a cached page carries the same tags for everyone.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import shutil
import subprocess
import textwrap
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# The programme's own colour: the header's (`--vth-header` in static/css/site.css).
PROGRAMME_COLOUR = "#1b3a57"
# Bumped when the drawing itself changes, so every card's address changes with it.
DRAWING = "1"


def drawing_version(card: object) -> str:
    """A short hash of everything a card dataclass draws, and of the drawing code's version:
    the `?v=` of its address, so a changed card is a new address every cache fetches anew."""
    drawn = (*dataclasses.astuple(card), DRAWING)  # type: ignore[call-overload]
    return hashlib.sha256(repr(drawn).encode()).hexdigest()[:16]


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


def canonical(name: str, *args: Any, **kwargs: Any) -> str:
    """The absolute address of a page by its URL name: under the root URL configuration, so
    that a page read on a site's own host names the one address under /sites/ all the same."""
    return absolute(
        reverse(name, args=args or None, kwargs=kwargs or None, urlconf=settings.ROOT_URLCONF)
    )


def here(request: HttpRequest | None) -> str | None:
    """The canonical address of the page `request` asked for: its URL name and arguments
    under the root URL configuration, without the query; None where it has none there."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return None
    try:
        return canonical(match.view_name, *match.args, **match.kwargs)
    except NoReverseMatch:
        return None


def short(text: str, length: int = 200) -> str:
    return Truncator(" ".join(text.split())).chars(length)


@dataclasses.dataclass(frozen=True)
class ProgrammeCard:
    """The programme's card: its name in its colour, for every page in its frame."""

    name: str
    label: str = "A council engagement pilot"
    title: str = "Read, discuss and take part with your council"
    details: tuple[str, ...] = ("Pilot sites, consultations and workshops",)
    colour: str = PROGRAMME_COLOUR

    @property
    def version(self) -> str:
        return drawing_version(self)

    @property
    def url(self) -> str:
        path = reverse("preview_card", urlconf=settings.ROOT_URLCONF)
        return f"{absolute(path)}?v={self.version}"

    @property
    def alt(self) -> str:
        return ", ".join([self.name, self.title])

    def png(self) -> bytes:
        return draw(
            colour=self.colour,
            logo="",
            name=self.name,
            label=self.label,
            title=self.title,
            details=self.details,
        )


def programme_card() -> ProgrammeCard:
    return ProgrammeCard(name=settings.PROGRAMME_NAME)


def programme_preview(
    request: HttpRequest | None,
    title: str,
    description: str = "",
    *,
    path: str = "",
    type: str = "website",
) -> LinkPreview | None:
    """The link preview of a public page in the programme's frame, with the programme's card:
    `title` names the page (and the programme, unless it is the programme), at `path` or the
    page's own address."""
    url = absolute(path) if path else here(request)
    if not url or not title:
        return None
    card = programme_card()
    name = card.name
    return LinkPreview(
        title=title if title == name else f"{title} – {name}",
        description=short(description.replace("{site}", name), 300) or f"{title}, on {name}.",
        url=url.split("?")[0],
        site_name=name,
        image_url=card.url,
        image_alt=card.alt,
        type=type,
    )


# Drawing.


@functools.cache
def _font_file(bold: bool) -> str | None:
    pattern = "DejaVu Sans:bold" if bold else "DejaVu Sans"
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        found = subprocess.run(  # noqa: S603 (fontconfig's own tool, with a fixed pattern)
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


def draw(
    *, colour: str, logo: str, name: str, label: str, title: str, details: tuple[str, ...]
) -> bytes:
    """A card as a PNG: the colour as a band with the logo (a stored file's name, or "") and
    the name, the title wrapped to fit, and what a reader needs to know (`details`)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    margin, band = 64, 150
    pen.rectangle([0, 0, WIDTH, band], fill=colour)
    pen.rectangle([0, HEIGHT - 20, WIDTH, HEIGHT], fill=colour)
    x = margin
    picture = _logo(logo)
    if picture is not None:
        image.paste(picture, (x, (band - picture.height) // 2), picture)
        x += picture.width + 28
    name_font = _font(44, bold=True)
    pen.text((x, band // 2), name, font=name_font, fill="white", anchor="lm")
    y = band + 48
    pen.text((margin, y), label.upper(), font=_font(28, bold=True), fill=colour)
    y += 56
    lines = 3 if details else 4
    font, wrapped = _wrap(pen, title, 68, WIDTH - 2 * margin, lines)
    size = getattr(font, "size", 28)
    for line in wrapped:
        pen.text((margin, y), line, font=font, fill="#0b0c0c")
        y += int(size * 1.2)
    y += 28
    detail_font = _font(32)
    for detail in details:
        if y > HEIGHT - 80:
            break
        pen.text((margin, y), Truncator(detail).chars(60), font=detail_font, fill="#383f43")
        y += 46
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
