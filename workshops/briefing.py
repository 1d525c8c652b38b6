"""The briefing pack: a printable PDF for a workshop, built from live data with reportlab."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from programme.markdown import plain_text
from programme.models import PilotSite, RoleGrant
from programme.pdf import BOLD, FONT, SMALL, Heading, para, render, table
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


def _facts(rows: Sequence[tuple[str, str]]) -> Table:
    """Label and value pairs, labels in bold, without a header row."""
    table = Table(
        [[para(label, SMALL), para(value, SMALL)] for label, value in rows],
        colWidths=[30 * mm, 130 * mm],
        splitInRow=1,  # a long value flows onto the next page rather than failing the build
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("FONT", (0, 0), (0, -1), BOLD),
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
        para(f"Briefing pack · {workshop.site.council_name}"),
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
            para("No decisions are made at a briefing: it is for information and questions."),
        ]
    return parts


def _objectives_and_agenda(workshop: Workshop) -> list[Flowable]:
    parts: list[Flowable] = [
        Heading("Objectives", 1),
        para(plain_text(workshop.objectives) or "Not set yet."),
    ]
    parts.append(Heading("Agenda", 1))
    items = list(workshop.agenda.all())
    if items:
        rows = [
            [item.time.strftime("%H:%M") if item.time else "", item.title, item.lead, item.notes]
            for item in items
        ]
        parts.append(
            table(
                ["Time", "Item", "Lead", "Notes"], rows, widths=[18 * mm, 55 * mm, 35 * mm, 62 * mm]
            )
        )
    else:
        parts.append(para("No agenda yet."))
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
        para(f"{site.council_name} · {site.get_council_kind_display()} · {site.region}"),
        para(
            f"Build stage: {site.get_build_stage_display()} (since {timezone.localtime(site.build_stage_changed_at):%-d %B %Y})"
        ),
    ]
    initiatives = list(site.initiatives.all())
    if initiatives:
        parts.append(para("Related initiatives: " + "; ".join(i.name for i in initiatives)))
    parts.append(Heading("People and contacts", 1))
    rows = [[g.get_role_display(), g.user.full_name] for g in grants]
    parts.append(
        table(["Role", "Name"], rows, widths=[50 * mm, 120 * mm]) if rows else para("No one yet.")
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
        table(
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
            table(
                ["Name", "Coming as", "Accessibility needs", "Dietary requirements"],
                rows,
                widths=[45 * mm, 30 * mm, 55 * mm, 40 * mm],
            )
        )
    else:
        rows = [[r.name, r.get_audience_display()] for r in registrations]
        parts.append(table(["Name", "Coming as"], rows, widths=[100 * mm, 70 * mm]))
    if not registrations:
        parts.append(para("No one has registered yet."))
    return parts


SIGNING_ROW = 24  # points: room to write a name and sign


def _sign_in_sheet(registrations: Sequence[Registration]) -> list[Flowable]:
    walk_ins = 5
    rows = [[r.name, r.get_audience_display(), ""] for r in registrations] + [
        ["", "", ""]
    ] * walk_ins
    sheet = table(
        ["Name", "Coming as", "Signature"],
        rows,
        widths=[70 * mm, 40 * mm, 60 * mm],
        # Blank rows for walk-ins are tall enough to write a name in; the others grow to fit.
        row_heights=[None] * (1 + len(registrations)) + [SIGNING_ROW] * walk_ins,
    )
    # Padding gives the named rows the same room to sign in.
    sheet.setStyle([("TOPPADDING", (0, 1), (-1, -1), 7), ("BOTTOMPADDING", (0, 1), (-1, -1), 7)])
    return [PageBreak(), Heading("Sign-in sheet", 1), sheet]


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
    return render(
        story,
        title=f"Briefing pack: {workshop.title}",
        subject=f"{workshop.site.name} workshop, {_when(workshop)}",
    )
