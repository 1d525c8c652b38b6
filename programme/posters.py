"""Printable posters and flyers (#27): a workshop or a consultation on an A4 poster, or on
two identical A5 flyers printed on one A4 sheet, with a cut line between them.

Each shows the title, when and where (or until when comments are taken), how to take part
in a sentence or two with the short address, the council's colour and logo, and a QR code
of the item's address carrying a share code (`?via=<code>&ch=poster`), so a poster's
arrivals count for whoever printed it. The apps build a `Poster`; everything drawn is here.

Text always fits: a long title wraps and shrinks, and what would still not fit is cut with
an ellipsis, never drawn past the edge. The A5 flyer is the A4 poster at 1/√2 scale (the
paper sizes are in proportion), so its QR code is still over 30 mm wide.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils import dateformat, timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from programme.platform.pdf import BOLD, FONT

from . import hooks, permissions, queries
from .reach import VIA, clean_code

if TYPE_CHECKING:
    from .models import PilotSite, ShareCode

logger = logging.getLogger(__name__)

SIZES = ("a4", "a5")
# A council's own colour is on every poster of its site; a programme-wide one is in grey.
NEUTRAL = "#3d4852"
INK = colors.HexColor("#1a1a1a")
# Error correction Q (a quarter of the code may be lost to a crease or a drawing pin);
# four modules of white round it, the quiet zone scanners need.
QR_LEVEL = "Q"
BOLD_UP_TO = 80  # characters: a detail's first line in bold, unless it is a paragraph
DETAIL_LINES_AT_MOST = 4  # where even the smallest type does not fit
QR_QUIET_MODULES = 4


@dataclasses.dataclass(frozen=True)
class Brand:
    """Whose poster it is: the council's public name (or the programme's), its colour and
    logo (a stored file's name, or ""), and the name residents know its site by."""

    name: str
    colour: str = NEUTRAL
    logo: str = ""
    site_name: str = ""


@dataclasses.dataclass(frozen=True)
class Poster:
    """What a poster says. `lines` are (what, text) pairs such as ("When", "Tuesday …");
    `how_to` a sentence or two on taking part; `url` the address the QR code holds."""

    title: str
    lines: tuple[tuple[str, str], ...]
    how_to: str
    url: str
    brand: Brand
    label: str = ""  # above the title: "Workshop", "Have your say"
    scan: str = "Scan for details"  # beside the QR code

    @property
    def short_address(self) -> str:
        """The address to type, as printed: no scheme, no www, no query."""
        parts = urlsplit(self.url)
        return f"{parts.netloc.removeprefix('www.')}{parts.path}"


def brand_for(site: PilotSite | None) -> Brand:
    """The council's brand as its town hall site has it (the `site_brand` hook); the
    council's name in grey where no app gives one; the programme's for no site."""
    if site is None:
        return Brand(name=settings.PROGRAMME_NAME)
    for fn in hooks.site_brand.implementations():
        found = fn(site)
        if found is not None:
            return found
    return Brand(name=site.council_name or site.name)


def code_to_print(request: HttpRequest, site: PilotSite | None) -> ShareCode | None:
    """The share code a poster of an item at `site` carries: the requester's own when they
    may share for the site (made the first time, as the share kit does), unless `?via=`
    names the site's own code (the share kit's "use the site's own code"); for anyone else
    the active code of that site that `?via=` names; else none. A visitor writes nothing."""
    if site is None:
        return None
    code = clean_code(request.GET.get(VIA))
    named = queries.active_share_code(code, site) if code else None
    if request.user.is_authenticated and permissions.can_share_for(request.user, site):
        if named is not None and named.is_site_code:
            return named
        from .services.reach import share_code_for

        return share_code_for(request.user, site)
    return named


def size_asked(request: HttpRequest) -> str:
    """`?size=a5` for the flyers; anything else is the A4 poster."""
    return "a5" if request.GET.get("size", "").strip().lower() == "a5" else "a4"


def filename(kind: str, slug: str, size: str) -> str:
    return f"{'flyers' if size == 'a5' else 'poster'}-{kind}-{slug}-{size}.pdf"


def pdf_response(poster: Poster, size: str, name: str) -> HttpResponse:
    """The poster as a PDF to open (and print) in the browser. It carries the requester's
    own code when they are signed in, so no shared cache keeps it."""
    response = HttpResponse(poster_pdf(poster, size), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    patch_cache_control(response, private=True, max_age=0)
    patch_vary_headers(response, ["Cookie"])
    return response


# Words as a poster says them.


def day(value: dt.datetime) -> str:
    """ "Tuesday 15 December 2026", in London time."""
    return dateformat.format(timezone.localtime(value), "l j F Y")


def clock(value: dt.datetime) -> str:
    """ "10am", "12:30pm", "midday", in London time (GOV.UK style)."""
    local = timezone.localtime(value)
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


# Drawing.


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap by the font's own widths; a word wider than the line (a long
    address) is broken, after a slash or hyphen where it can be."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if stringWidth(trial, font, size) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            line = ""
            while stringWidth(word, font, size) > width:
                cut = _longest_fit(word, font, size, width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return [line for line in lines if line] or [""]


def _longest_fit(word: str, font: str, size: float, width: float) -> int:
    cut = max(1, len(word) - 1)
    while cut > 1 and stringWidth(word[:cut], font, size) > width:
        cut -= 1
    for i in range(cut, max(cut // 2, 1), -1):
        if word[i - 1] in "/-_.?&=":
            return i
    return cut


def _clip(lines: list[str], most: int, font: str, size: float, width: float) -> list[str]:
    """At most `most` lines, the last one ending in an ellipsis if any were cut."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last = kept[-1].rstrip(" .,;:") + "…"
    while len(last) > 1 and stringWidth(last, font, size) > width:
        last = last[:-2].rstrip(" .,;:") + "…"
    kept[-1] = last
    return kept


def _clip_detail(lines: list[tuple[str, str]], size: float, width: float) -> list[tuple[str, str]]:
    if len(lines) <= DETAIL_LINES_AT_MOST:
        return lines
    font = lines[DETAIL_LINES_AT_MOST - 1][0]
    kept = _clip([line for _, line in lines], DETAIL_LINES_AT_MOST, font, size, width)
    return [(f, line) for (f, _), line in zip(lines, kept, strict=False)]


def _tint(colour: colors.Color, white: float) -> colors.Color:
    return colors.Color(
        colour.red + (1 - colour.red) * white,
        colour.green + (1 - colour.green) * white,
        colour.blue + (1 - colour.blue) * white,
    )


def _colour(value: str) -> colors.Color:
    try:
        return colors.HexColor(value)
    except (ValueError, TypeError):
        return colors.HexColor(NEUTRAL)


def _logo(name: str) -> ImageReader | None:
    if not name:
        return None
    try:
        with default_storage.open(name) as stored, Image.open(stored) as image:
            image.thumbnail((1200, 400))
            rgba = image.convert("RGBA")
            shown = rgba.getchannel("A").getbbox()  # what is drawn, without clear margins
            return ImageReader(rgba.crop(shown) if shown else rgba)
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("The logo %s could not be read for a poster", name)
        return None


def _text(
    canvas: Canvas,
    lines: Sequence[str],
    x: float,
    top: float,
    font: str,
    size: float,
    leading: float,
    colour: colors.Color,
) -> float:
    """Lines from `top` down (their first baseline one ascent below it); returns the
    height used."""
    canvas.setFillColor(colour)
    canvas.setFont(font, size)
    for n, line in enumerate(lines):
        canvas.drawString(x, top - size * 0.95 - n * leading, line)
    return len(lines) * leading


def _qr(canvas: Canvas, value: str, x: float, y: float, side: float) -> None:
    widget = QrCodeWidget(value, barLevel=QR_LEVEL, barBorder=QR_QUIET_MODULES)
    widget.barWidth = widget.barHeight = side
    drawing = Drawing(side, side)
    drawing.add(widget)
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    renderPDF.draw(drawing, canvas, x, y)


@dataclasses.dataclass
class _Fitted:
    title_size: float
    title: list[str]
    detail_size: float
    details: list[tuple[str, list[tuple[str, str]]]]

    def height(self, s: float) -> float:
        title = len(self.title) * self.title_size * 1.12
        details = sum(
            (11 * s * 1.3) + len(lines) * self.detail_size * 1.25 + 5 * mm * s
            for _, lines in self.details
        )
        return title + (9 * mm * s if self.details else 0) + details


def _detail(text: str, size: float, width: float) -> list[tuple[str, str]]:
    """A detail's lines, each with its font: its first line (the day, the venue) in bold
    unless it is a paragraph of its own."""
    first, _, rest = text.strip().partition("\n")
    font = BOLD if len(first) <= BOLD_UP_TO else FONT
    return [(font, line) for line in _wrap(first, font, size, width)] + [
        (FONT, line) for line in (_wrap(rest, FONT, size, width) if rest.strip() else [])
    ]


def _fit(poster: Poster, width: float, height: float, s: float) -> _Fitted:
    """The largest title (and what-and-when) that fit the space, shrinking together."""
    fitted = _Fitted(0, [], 0, [])
    for step in range(0, 14):
        factor = 1 - step * 0.05
        title_size = 50 * s * factor
        detail_size = max(22 * s * factor, 16 * s)
        fitted = _Fitted(
            title_size,
            _wrap(poster.title, BOLD, title_size, width),
            detail_size,
            [(what, _detail(text, detail_size, width)) for what, text in poster.lines],
        )
        if fitted.height(s) <= height:
            return fitted
    # Still too much at the smallest: the title keeps what fits, each detail a few lines.
    title_room = height * 0.55
    most = max(1, int(title_room // (fitted.title_size * 1.12)))
    fitted.title = _clip(fitted.title, most, BOLD, fitted.title_size, width)
    fitted.details = [
        (what, _clip_detail(lines, fitted.detail_size, width)) for what, lines in fitted.details
    ]
    while fitted.details and fitted.height(s) > height:
        fitted.details.pop()
    return fitted


def _draw(
    canvas: Canvas, poster: Poster, logo: ImageReader | None, x0: float, y0: float, width: float
) -> None:
    """One poster in the A4-shaped area from (x0, y0), `width` wide (A4 or A5)."""
    s = width / A4[0]
    height = width * A4[1] / A4[0]
    margin = 14 * mm * s
    inner = width - 2 * margin
    left = x0 + margin
    top = y0 + height - margin
    colour = _colour(poster.brand.colour)

    # The council's band: logo and name in white on its colour.
    band = 32 * mm * s
    canvas.setFillColor(colour)
    canvas.roundRect(left, top - band, inner, band, 3 * mm * s, stroke=0, fill=1)
    pad = 7 * mm * s
    text_left = left + pad
    if logo is not None:
        w, h = logo.getSize()
        logo_h = band - 2 * pad
        logo_w = min(w * logo_h / h, 60 * mm * s)
        logo_h = logo_w * h / w
        canvas.drawImage(logo, text_left, top - band / 2 - logo_h / 2, logo_w, logo_h, mask="auto")
        text_left += logo_w + 6 * mm * s
    name_width = left + inner - pad - text_left
    name_size = 20 * s
    while name_size > 11 * s and stringWidth(poster.brand.name, BOLD, name_size) > name_width:
        name_size -= 0.5 * s
    name = _clip(
        _wrap(poster.brand.name, BOLD, name_size, name_width), 1, BOLD, name_size, name_width
    )
    site_name = poster.brand.site_name if poster.brand.site_name != poster.brand.name else ""
    sub_size = 12 * s
    block = name_size + (sub_size * 1.5 if site_name else 0)
    y = top - band / 2 + block / 2
    _text(canvas, name, text_left, y, BOLD, name_size, name_size, colors.white)
    if site_name:
        sub = _clip(_wrap(site_name, FONT, sub_size, name_width), 1, FONT, sub_size, name_width)
        _text(canvas, sub, text_left, y - name_size * 1.35, FONT, sub_size, sub_size, colors.white)

    # Taking part, at the foot: the QR code with what scanning does, how, and the address.
    qr_side = 62 * mm * s
    panel_pad = 6 * mm * s
    panel_h = qr_side + 2 * panel_pad
    panel_y = y0 + margin
    canvas.setFillColor(_tint(colour, 0.9))
    canvas.roundRect(left, panel_y, inner, panel_h, 3 * mm * s, stroke=0, fill=1)
    qr_x = left + inner - panel_pad - qr_side
    _qr(canvas, poster.url, qr_x, panel_y + panel_pad, qr_side)
    words_left = left + panel_pad
    words_width = qr_x - 6 * mm * s - words_left
    words_top = panel_y + panel_h - panel_pad
    scan_size = 24 * s
    while scan_size > 18 * s and stringWidth(poster.scan, BOLD, scan_size) > words_width:
        scan_size -= 0.5 * s
    scan = _wrap(poster.scan, BOLD, scan_size, words_width)
    used = _text(canvas, scan, words_left, words_top, BOLD, scan_size, scan_size * 1.15, colour)
    how_size = 13 * s
    how_room = qr_side - used - 6 * mm * s - 3 * 14 * s * 1.25
    how_most = max(1, int(how_room // (how_size * 1.3)))
    how = _clip(
        _wrap(poster.how_to, FONT, how_size, words_width), how_most, FONT, how_size, words_width
    )
    used += 3 * mm * s
    used += _text(canvas, how, words_left, words_top - used, FONT, how_size, how_size * 1.3, INK)
    address_size = 14 * s
    address = _wrap(poster.short_address, BOLD, address_size, words_width)
    address = _clip(address, 3, BOLD, address_size, words_width)
    bottom = panel_y + panel_pad + len(address) * address_size * 1.25
    top_of_address = max(bottom, words_top - used - 3 * mm * s - address_size * 0.4)
    _text(canvas, address, words_left, top_of_address, BOLD, address_size, address_size * 1.25, INK)

    # What it is, the title, and when and where, in the space between.
    y = top - band - 11 * mm * s
    if poster.label:
        canvas.setFillColor(colour)
        canvas.setFont(BOLD, 13 * s)
        canvas.drawString(left, y - 13 * s, poster.label.upper())
        y -= 13 * s + 5 * mm * s
    room = y - (panel_y + panel_h + 8 * mm * s)
    fitted = _fit(poster, inner, room, s)
    y -= _text(
        canvas, fitted.title, left, y, BOLD, fitted.title_size, fitted.title_size * 1.12, INK
    )
    if fitted.details:
        y -= 9 * mm * s
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(2 * s)
        canvas.line(left, y + 4.5 * mm * s, left + 30 * mm * s, y + 4.5 * mm * s)
    for what, lines in fitted.details:
        y -= _text(canvas, [what.upper()], left, y, BOLD, 11 * s, 11 * s * 1.3, colour)
        for font, line in lines:
            y -= _text(
                canvas, [line], left, y, font, fitted.detail_size, fitted.detail_size * 1.25, INK
            )
        y -= 5 * mm * s


def _cut_line(canvas: Canvas, x: float, height: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor("#9a9a9a"))
    canvas.setLineWidth(0.5)
    canvas.setDash(4, 3)
    canvas.line(x, 0, x, height)
    canvas.setFillColor(colors.white)
    canvas.rect(x - 6, height - 28, 12, 16, stroke=0, fill=1)
    canvas.setFillColor(colors.HexColor("#6a6a6a"))
    canvas.setFont(FONT, 11)
    canvas.drawCentredString(x, height - 24, "✂" if FONT != "Helvetica" else "x")
    canvas.restoreState()


def poster_pdf(poster: Poster, size: str) -> bytes:
    """The poster as a PDF: one A4 page ("a4"), or an A4 sheet holding two identical A5
    flyers side by side with a dashed cut line between them ("a5")."""
    if size not in SIZES:
        raise ValueError(f"No poster size {size!r}; one of {SIZES}")
    buffer = io.BytesIO()
    pagesize = A4 if size == "a4" else landscape(A4)
    canvas = Canvas(buffer, pagesize=pagesize, lang="en-GB", initialFontName=FONT)
    canvas.setTitle(poster.title)
    canvas.setAuthor(poster.brand.name)
    canvas.setSubject("Poster (A4)" if size == "a4" else "Flyers (A5, two to a page)")
    canvas.setCreator(settings.PROGRAMME_NAME)
    logo = _logo(poster.brand.logo)
    if size == "a4":
        _draw(canvas, poster, logo, 0, 0, A4[0])
    else:
        half = pagesize[0] / 2
        _draw(canvas, poster, logo, 0, 0, half)
        _draw(canvas, poster, logo, half, 0, half)
        _cut_line(canvas, half, pagesize[1])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
