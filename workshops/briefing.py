"""The briefing pack: a printable PDF for a workshop, built from live data with reportlab.

Headings become PDF bookmarks, pages are numbered, and the document's title
and language are set, so the pack can be navigated with a screen reader.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from programme.markdown import plain_text
from programme.models import PilotSite, RoleGrant
from programme.queries import audit_matrix

from .models import Registration, Workshop


@dataclass(frozen=True)
class PackSection:
    """A section that a higher app (e.g. policy drafts) adds to every pack."""

    key: str
    order: int
    build: Callable[[Workshop], list[Flowable]]


_sections: dict[str, PackSection] = {}


def register_section(section: PackSection) -> None:
    _sections[section.key] = section


STYLES = getSampleStyleSheet()
BODY = STYLES["BodyText"]
H1 = ParagraphStyle("H1", parent=STYLES["Heading1"], spaceAfter=6)
H2 = ParagraphStyle("H2", parent=STYLES["Heading2"], spaceBefore=10)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=8, leading=10)
TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9eef3")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


class Heading(Paragraph):
    """A heading that becomes a PDF bookmark at its level."""

    def __init__(self, text: str, level: int) -> None:
        super().__init__(_escape(text), H1 if level == 0 else H2)
        self.outline_text = text
        self.outline_level = level


class PackTemplate(SimpleDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level)


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(_escape(text).replace("\n", "<br/>"), style)


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float] | None = None
) -> Table:
    data = [
        [_para(h, SMALL) for h in header],
        *[[_para(str(cell), SMALL) for cell in row] for row in rows],
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _facts(rows: Sequence[tuple[str, str]]) -> Table:
    """Label and value pairs, labels in bold, without a header row."""
    table = Table(
        [[_para(label, SMALL), _para(value, SMALL)] for label, value in rows],
        colWidths=[30 * mm, 130 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), "Helvetica-Bold"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _when(workshop: Workshop) -> str:
    start, end = timezone.localtime(workshop.starts_at), timezone.localtime(workshop.ends_at)
    return f"{start:%-d %B %Y}, {start:%H:%M} to {end:%H:%M}"


def _cover(workshop: Workshop) -> list[Flowable]:
    parts: list[Flowable] = [
        Heading(workshop.title, 0),
        _para(f"Briefing pack · {workshop.site.council_name}"),
        Spacer(0, 4 * mm),
        _facts(
            [
                ("When", _when(workshop)),
                ("Where", workshop.location or "To be confirmed"),
                ("Kind", workshop.get_kind_display()),
                ("For", ", ".join(workshop.audience_labels()) or "Everyone"),
                ("Access", workshop.access_notes or "Ask the site lead about access needs."),
            ]
        ),
    ]
    if workshop.is_briefing:
        parts += [
            Spacer(0, 4 * mm),
            _para("No decisions are made at a briefing: it is for information and questions."),
        ]
    return parts


def _objectives_and_agenda(workshop: Workshop) -> list[Flowable]:
    parts: list[Flowable] = [
        Heading("Objectives", 1),
        _para(plain_text(workshop.objectives) or "Not set yet."),
    ]
    parts.append(Heading("Agenda", 1))
    items = list(workshop.agenda.all())
    if items:
        rows = [
            [item.time.strftime("%H:%M") if item.time else "", item.title, item.lead, item.notes]
            for item in items
        ]
        parts.append(
            _table(
                ["Time", "Item", "Lead", "Notes"], rows, widths=[18 * mm, 55 * mm, 35 * mm, 62 * mm]
            )
        )
    else:
        parts.append(_para("No agenda yet."))
    return parts


def _site_profile(site: PilotSite) -> list[Flowable]:
    grants = (
        RoleGrant.objects.active()
        .for_site(site)
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    parts: list[Flowable] = [
        Heading(f"{site.name}: the site", 1),
        _para(f"{site.council_name} · {site.get_council_kind_display()} · {site.region}"),
        _para(
            f"Build stage: {site.get_build_stage_display()} (since {timezone.localtime(site.build_stage_changed_at):%-d %B %Y})"
        ),
    ]
    initiatives = list(site.initiatives.all())
    if initiatives:
        parts.append(_para("Related initiatives: " + "; ".join(i.name for i in initiatives)))
    parts.append(Heading("People and contacts", 1))
    rows = [[g.get_role_display(), g.user.full_name] for g in grants]
    parts.append(
        _table(["Role", "Name"], rows, widths=[50 * mm, 120 * mm]) if rows else _para("No one yet.")
    )
    return parts


def _audit(site: PilotSite) -> list[Flowable]:
    row = audit_matrix(PilotSite.objects.filter(pk=site.pk))[0]
    rows = [
        [
            cell.category.label,
            str(cell.count),
            "Gap" if cell.is_gap else cell.strongest.label if cell.strongest is not None else "",
            cell.next_step if cell.is_gap else "",
        ]
        for cell in row.cells
    ]
    return [
        Heading("Social web audit", 1),
        _table(
            ["Category", "Entries", "Strongest relationship", "Next step"],
            rows,
            widths=[45 * mm, 18 * mm, 40 * mm, 67 * mm],
        ),
    ]


def _attendees(registrations: Sequence[Registration], *, with_needs: bool) -> list[Flowable]:
    parts: list[Flowable] = [Heading("Attendees", 1)]
    if with_needs:
        rows = [
            [r.name, r.get_audience_display(), r.accessibility_needs, r.dietary_requirements]
            for r in registrations
        ]
        parts.append(
            _table(
                ["Name", "Coming as", "Accessibility needs", "Dietary requirements"],
                rows,
                widths=[45 * mm, 30 * mm, 55 * mm, 40 * mm],
            )
        )
    else:
        rows = [[r.name, r.get_audience_display()] for r in registrations]
        parts.append(_table(["Name", "Coming as"], rows, widths=[100 * mm, 70 * mm]))
    if not registrations:
        parts.append(_para("No one has registered yet."))
    return parts


def _sign_in_sheet(registrations: Sequence[Registration]) -> list[Flowable]:
    rows = [[r.name, r.get_audience_display(), ""] for r in registrations] + [["", "", ""]] * 5
    return [
        PageBreak(),
        Heading("Sign-in sheet", 1),
        _table(["Name", "Coming as", "Signature"], rows, widths=[70 * mm, 40 * mm, 60 * mm]),
    ]


def _number_pages(canvas, doc) -> None:  # type: ignore[no-untyped-def]
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
    canvas.drawString(18 * mm, 10 * mm, doc.title)
    canvas.restoreState()


def build_pack(workshop: Workshop, *, with_needs: bool) -> bytes:
    """The whole pack as PDF bytes. `with_needs` adds attendees' access and dietary needs."""
    registrations = list(workshop.registrations.confirmed().select_related("person").order_by("pk"))
    story: list[Flowable] = []
    story += _cover(workshop)
    story += _objectives_and_agenda(workshop)
    story += _site_profile(workshop.site)
    story += _audit(workshop.site)
    for section in sorted(_sections.values(), key=lambda s: s.order):
        story += section.build(workshop)
    story += _attendees(registrations, with_needs=with_needs)
    story += _sign_in_sheet(registrations)
    buffer = io.BytesIO()
    doc = PackTemplate(
        buffer,
        pagesize=A4,
        title=f"Briefing pack: {workshop.title}",
        author=settings.PROGRAMME_NAME,
        subject=f"{workshop.site.name} workshop, {_when(workshop)}",
        lang="en-GB",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    doc.build(story, onFirstPage=_number_pages, onLaterPages=_number_pages)
    return buffer.getvalue()
