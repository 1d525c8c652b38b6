"""Shared building blocks for the PDFs the apps produce (briefing packs, consultation reports).

Headings become PDF bookmarks, pages are numbered, and the document's title
and language are set, so a PDF can be navigated with a screen reader.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.flowables import Flowable

logger = logging.getLogger(__name__)


def _unicode_fonts() -> tuple[str, str]:
    """Register DejaVu Sans (free licence; Debian's fonts-dejavu-core, which `make test`
    installs) so every European name prints as written, embedded in the PDF. Without it,
    fall back to Helvetica, which covers Western European letters only."""
    folder = Path(settings.PDF_FONT_DIR)
    faces = {
        "DejaVuSans": "DejaVuSans.ttf",
        "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    }
    if not all((folder / file).is_file() for file in faces.values()):
        logger.warning("DejaVu Sans is not in %s; PDFs fall back to Helvetica", folder)
        return "Helvetica", "Helvetica-Bold"
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    registerFontFamily(
        "DejaVuSans",
        normal="DejaVuSans",
        bold="DejaVuSans-Bold",
        italic="DejaVuSans-Oblique",
        boldItalic="DejaVuSans-BoldOblique",
    )
    return "DejaVuSans", "DejaVuSans-Bold"


FONT, BOLD = _unicode_fonts()
STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("Body", parent=STYLES["BodyText"], fontName=FONT)
# keepWithNext: a heading is never left alone at the foot of a page.
H1 = ParagraphStyle("H1", parent=STYLES["Heading1"], fontName=BOLD, spaceAfter=6, keepWithNext=1)
H2 = ParagraphStyle("H2", parent=STYLES["Heading2"], fontName=BOLD, spaceBefore=10, keepWithNext=1)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=8, leading=10)
TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 1), (-1, -1), FONT),
        ("FONT", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9eef3")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: object, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class Heading(Paragraph):
    """A heading that becomes a PDF bookmark at its level."""

    def __init__(self, text: str, level: int) -> None:
        super().__init__(escape(text), H1 if level == 0 else H2)
        self.outline_text = text
        self.outline_level = level


class BookmarkedTemplate(SimpleDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab calls this hook by name
        if isinstance(flowable, Heading):
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float] | None = None,
    *,
    row_heights: Sequence[float | None] | None = None,
) -> Table:
    data = [
        [para(h, SMALL) for h in header],
        *[[para(cell, SMALL) for cell in row] for row in rows],
    ]
    # splitInRow: a row taller than a page (someone's 999-line answer) flows onto the next.
    built = Table(data, colWidths=widths, rowHeights=row_heights, repeatRows=1, splitInRow=1)
    built.setStyle(TABLE_STYLE)
    return built


def _number_pages(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
    canvas.drawString(18 * mm, 10 * mm, doc.title)
    canvas.restoreState()


def render(story: list[Flowable], *, title: str, subject: str = "") -> bytes:
    """Lay out `story` on numbered A4 pages with bookmarks, title and language set."""
    buffer = io.BytesIO()
    doc = BookmarkedTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=settings.PROGRAMME_NAME,
        subject=subject,
        lang="en-GB",
        initialFontName=FONT,  # else every page names Helvetica, unembedded
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    doc.build(story, onFirstPage=_number_pages, onLaterPages=_number_pages)
    return buffer.getvalue()
