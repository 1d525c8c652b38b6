"""The briefing pack for a workshop, built from live data: a printable PDF and its web version."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.utils import timezone

from policy_drafts.models import DraftStatus, PolicyDraft
from programme.models import PilotSite, RoleGrant
from programme.platform.documents import Block, Facts, Grid, Heading, PageBreak, Text, to_pdf
from programme.platform.markdown import plain_text_of_html
from programme.queries import audit_matrix

from .ics import absolute_url
from .models import Registration, Workshop


def _when(workshop: Workshop) -> str:
    start, end = timezone.localtime(workshop.starts_at), timezone.localtime(workshop.ends_at)
    return f"{start:%-d %B %Y}, {start:%H:%M} to {end:%H:%M}"


def _facilitators(workshop: Workshop) -> str:
    """Who runs the room, by the names they go by, with how to reach them."""
    people = workshop.facilitators.order_by("full_name")
    return "; ".join(f"{p.public_name} ({p.email})" for p in people) or "Not chosen yet"


def _cover(workshop: Workshop) -> list[Block]:
    parts: list[Block] = [
        Heading(workshop.title, 0),
        Text(f"Briefing pack · {workshop.site.council_name}"),
        Facts(
            [
                ("When", _when(workshop)),
                ("Where", workshop.location or "To be confirmed"),
                ("Kind", workshop.get_kind_display()),
                ("For", ", ".join(workshop.audience_labels()) or "Everyone"),
                ("Facilitators", _facilitators(workshop)),
                ("Access", workshop.access_notes or "Ask the site lead about access needs."),
            ]
        ),
    ]
    if workshop.is_briefing:
        parts.append(
            Text("No decisions are made at a briefing: it is for information and questions.")
        )
    return parts


def _objectives_and_agenda(workshop: Workshop) -> list[Block]:
    parts: list[Block] = [
        Heading("Objectives", 1),
        Text(plain_text_of_html(workshop.objectives_html) or "Not set yet."),
        Heading("Agenda", 1),
    ]
    items = list(workshop.agenda.all())
    if items:
        rows = [
            [item.time.strftime("%H:%M") if item.time else "", item.title, item.lead, item.notes]
            for item in items
        ]
        parts.append(Grid(["Time", "Item", "Lead", "Notes"], rows, [18, 55, 35, 62]))
    else:
        parts.append(Text("No agenda yet."))
    return parts


def _site_profile(site: PilotSite) -> list[Block]:
    grants = (
        RoleGrant.objects.active()
        .for_site(site)
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    since = timezone.localtime(site.build_stage_changed_at)
    parts: list[Block] = [
        Heading(f"{site.name}: the site", 1),
        Text(f"{site.council_name} · {site.get_council_kind_display()} · {site.region}"),
        Text(f"Build stage: {site.get_build_stage_display()} (since {since:%-d %B %Y})"),
    ]
    initiatives = list(site.initiatives.all())
    if initiatives:
        parts.append(Text("Related initiatives: " + "; ".join(i.name for i in initiatives)))
    parts.append(Heading("People and contacts", 1))
    rows = [[g.get_role_display(), g.user.full_name] for g in grants]
    parts.append(Grid(["Role", "Name"], rows, [50, 120]) if rows else Text("No one yet."))
    return parts


def _audit(site: PilotSite) -> list[Block]:
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
        Grid(
            ["Category", "Entries", "Strongest relationship", "Next step"], rows, [45, 18, 40, 67]
        ),
    ]


def _attendees(registrations: Sequence[Registration], *, with_needs: bool) -> list[Block]:
    parts: list[Block] = [Heading("Attendees", 1)]
    if with_needs:
        rows = [
            [r.name, r.get_audience_display(), r.accessibility_needs, r.dietary_requirements]
            for r in registrations
        ]
        header = ["Name", "Coming as", "Accessibility needs", "Dietary requirements"]
        parts.append(Grid(header, rows, [45, 30, 55, 40]))
    else:
        rows = [[r.name, r.get_audience_display()] for r in registrations]
        parts.append(Grid(["Name", "Coming as"], rows, [100, 70]))
    if not registrations:
        parts.append(Text("No one has registered yet."))
    return parts


WALK_IN_ROWS = 5


def _sign_in_sheet(registrations: Sequence[Registration]) -> list[Block]:
    rows = [[r.name, r.get_audience_display(), ""] for r in registrations]
    return [
        PageBreak(),
        Heading("Sign-in sheet", 1),
        Grid(["Name", "Coming as", "Signature"], rows, [70, 40, 60], blank_rows=WALK_IN_ROWS),
    ]


def _open_policies(workshop: Workshop) -> list[Block]:
    """Policy drafts open for comment, programme-wide and the site's own."""
    drafts = PolicyDraft.objects.filter(
        Q(site__isnull=True) | Q(site=workshop.site), status=DraftStatus.OPEN
    )
    parts: list[Block] = [Heading("Policy drafts open for comment", 1)]
    for draft in drafts.order_by("title"):
        closes = f" until {draft.closes_at:%-d %B %Y}" if draft.closes_at else ""
        parts.append(
            Text(
                f"{draft.title}: open for comment{closes}. Every section can still be changed. "
                f"Read it and comment at {absolute_url(draft.get_absolute_url())}, choosing the capacity you "
                "speak in; officers may speak as residents, marked as a personal view."
            )
        )
    if len(parts) == 1:
        parts.append(Text("No policy draft is open for comment at the moment."))
    return parts


def pack(workshop: Workshop, *, with_needs: bool) -> list[Block]:
    """The whole pack as blocks, for the PDF and the web version alike. `with_needs` adds
    attendees' access and dietary needs (facilitators only)."""
    registrations = list(workshop.registrations.confirmed().select_related("person").order_by("pk"))
    blocks: list[Block] = []
    blocks += _cover(workshop)
    blocks += _objectives_and_agenda(workshop)
    blocks += _site_profile(workshop.site)
    blocks += _audit(workshop.site)
    blocks += _open_policies(workshop)
    blocks += _attendees(registrations, with_needs=with_needs)
    blocks += _sign_in_sheet(registrations)
    return blocks


def build_pack(workshop: Workshop, *, with_needs: bool) -> bytes:
    """The whole pack as PDF bytes."""
    return to_pdf(
        pack(workshop, with_needs=with_needs),
        title=f"Briefing pack: {workshop.title}",
        subject=f"{workshop.site.name} workshop, {_when(workshop)}",
    )
