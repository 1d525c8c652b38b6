"""Documents made of plain blocks, printed two ways: as a PDF and as an accessible web page.

A briefing pack or a consultation report is built once as a list of blocks
(headings, text, label-and-value facts, tables). `to_pdf` lays them out with
reportlab; `templates/includes/document.html` shows the same blocks as HTML,
with real headings and tables whose headers are marked, which is the
accessible format (the PDFs are not tagged).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from . import pdf


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 0: the document's title
    kind: str = field(default="heading", init=False)


@dataclass(frozen=True)
class Text:
    text: str
    lead: str = ""  # shown in bold before the text
    small: bool = False
    kind: str = field(default="text", init=False)


@dataclass(frozen=True)
class Facts:
    """Label and value pairs, read row by row."""

    rows: Sequence[tuple[str, str]]
    kind: str = field(default="facts", init=False)


@dataclass(frozen=True)
class Grid:
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths_mm: Sequence[float] | None = None
    blank_rows: int = 0  # empty rows at the end, to write in (a sign-in sheet's walk-ins)
    kind: str = field(default="grid", init=False)

    @property
    def blanks(self) -> range:
        return range(self.blank_rows)


@dataclass(frozen=True)
class PageBreak:
    kind: str = field(default="pagebreak", init=False)


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
