"""Documents made of plain blocks, printed two ways: as a PDF and as an accessible web page.

A briefing pack or a consultation report is built once as a list of blocks
(headings, text, label-and-value facts, tables). `to_pdf` lays them out with
reportlab; `templates/includes/document.html` shows the same blocks as HTML,
each through its own template (`templates/includes/document/`), with real
headings and tables whose headers are marked, which is the accessible format
(the PDFs are not tagged).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from programme.platform import pdf


class DocumentBlock:
    """A block of a document; as HTML, it is shown by its own template."""

    template: ClassVar[str]

    def render(self) -> SafeString:
        return SafeString(render_to_string(self.template, {"block": self}))


@dataclass(frozen=True)
class Heading(DocumentBlock):
    template = "includes/document/heading.html"
    text: str
    level: int = 1  # 0: the document's title


@dataclass(frozen=True)
class Text(DocumentBlock):
    template = "includes/document/text.html"
    text: str
    lead: str = ""  # shown in bold before the text
    small: bool = False


@dataclass(frozen=True)
class Facts(DocumentBlock):
    """Label and value pairs, read row by row."""

    template = "includes/document/facts.html"
    rows: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Grid(DocumentBlock):
    template = "includes/document/grid.html"
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths_mm: Sequence[float] | None = None
    blank_rows: int = 0  # empty rows at the end, to write in (a sign-in sheet's walk-ins)

    @property
    def blanks(self) -> range:
        return range(self.blank_rows)


@dataclass(frozen=True)
class PageBreak(DocumentBlock):
    template = "includes/document/pagebreak.html"


Block = Heading | Text | Facts | Grid | PageBreak
WRITING_ROW = 24  # points: room to write a name and sign
# reportlab lays a paragraph out again each time it splits one across a page, so a text
# of many lines is printed as paragraphs of this many lines, one under the other (one
# comment of 5,000 short lines took five seconds as a single paragraph).
LINES_PER_PARAGRAPH = 20


def _facts(block: Facts) -> Table:
    built = Table(
        [[pdf.para(label, pdf.SMALL), pdf.para(value, pdf.SMALL)] for label, value in block.rows],
        colWidths=[30 * mm, 130 * mm],
        splitInRow=1,  # a long value flows onto the next page rather than failing the build
    )
    built.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), pdf.FONT),
                ("FONT", (0, 0), (0, -1), pdf.BOLD),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return built


def _grid(block: Grid) -> Table:
    rows = [*block.rows, *[[""] * len(block.header)] * block.blank_rows]
    widths = [w * mm for w in block.widths_mm] if block.widths_mm else None
    heights = [None] * (1 + len(block.rows)) + [WRITING_ROW] * block.blank_rows
    built = pdf.table(block.header, rows, widths, row_heights=heights)
    if block.blank_rows:  # the named rows get the same room to sign in
        built.setStyle(
            [("TOPPADDING", (0, 1), (-1, -1), 7), ("BOTTOMPADDING", (0, 1), (-1, -1), 7)]
        )
    return built


def _text(block: Text) -> list[Flowable]:
    style = pdf.SMALL if block.small else pdf.BODY
    following = ParagraphStyle(f"{style.name}-following", parent=style, spaceBefore=0)
    lead = f"<b>{pdf.escape(block.lead)}</b> " if block.lead else ""
    lines = block.text.split("\n")
    return [
        Paragraph(
            (lead if n == 0 else "")
            + pdf.escape("\n".join(lines[n : n + LINES_PER_PARAGRAPH])).replace("\n", "<br/>"),
            style if n == 0 else following,
        )
        for n in range(0, len(lines), LINES_PER_PARAGRAPH)
    ]


def to_flowables(blocks: Sequence[Block]) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(pdf.Heading(block.text, block.level))
        elif isinstance(block, Text):
            out += _text(block)
        elif isinstance(block, Facts):
            out += [_facts(block), Spacer(0, 4 * mm)]
        elif isinstance(block, Grid):
            out.append(_grid(block))
        elif isinstance(block, PageBreak):
            out.append(PdfPageBreak())
    return out


def to_pdf(blocks: Sequence[Block], *, title: str, subject: str = "") -> bytes:
    return pdf.render(to_flowables(blocks), title=title, subject=subject)
