"""The PDF briefing pack, read back with pypdf."""

import io

import pytest
from django import forms
from django.urls import reverse
from pypdf import PdfReader

from programme.models import AuditCategory, AuditEntry
from tests.factories import PolicyDraftFactory, UserFactory, WorkshopFactory
from tests.pdf_fonts import assert_fonts_embedded
from workshops import briefing, services

from .conftest import book, plan


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def briefing_workshop(coordinator, site, officer):
    workshop = plan(
        coordinator,
        site,
        title="Members' briefing",
        kind="members_briefing",
        template="internal",
        capacity=50,
    )
    services.publish_workshop(actor=coordinator, workshop=workshop)
    workshop.facilitators.add(officer)
    AuditEntry.objects.create(
        site=site,
        category=AuditCategory.NEWS,
        name="Examiner",
        url="https://e.example",
        relationship=2,
    )
    book(
        workshop,
        UserFactory.create(full_name="Anna Attendee"),
        accessibility_needs="Wheelchair space",
        dietary_requirements="Vegan",
    )
    return workshop


def test_the_pack_has_every_section_metadata_and_bookmarks(briefing_workshop):
    reader, text = read(briefing.build_pack(briefing_workshop, with_needs=True))

    for expected in (
        "Members' briefing",
        "No decisions are made at a briefing",
        "Objectives",
        "Agenda",
        "Team briefing",
        "Kirklees: the site",
        "People and contacts",
        "Social web audit",
        "Gap",
        "Attendees",
        "Anna Attendee",
        "Wheelchair space",
        "Vegan",
        "Sign-in sheet",
        "Page 2",
    ):
        assert expected in text, expected
    assert reader.metadata is not None
    assert reader.metadata.title == "Briefing pack: Members' briefing"
    lang = reader.root_object["/Lang"]
    assert isinstance(lang, str)  # a text string
    assert lang == "en-GB"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "Members' briefing"
    assert (
        "Sign-in sheet"
        in [
            item.title
            for group in reader.outline
            if isinstance(group, list)
            for item in group
            if not isinstance(item, list)
        ]
        + outline
    )


def test_needs_are_left_out_for_people_who_are_not_facilitators(briefing_workshop):
    _, text = read(briefing.build_pack(briefing_workshop, with_needs=False))
    assert "Anna Attendee" in text
    assert "Wheelchair space" not in text
    assert "Vegan" not in text


def test_the_pack_download_gives_needs_only_to_facilitators(
    client_as, coordinator, officer, briefing_workshop
):
    url = reverse("workshops:briefing_pack", args=[briefing_workshop.slug])

    facilitator = client_as(officer).get(url)
    assert facilitator["Content-Type"] == "application/pdf"
    assert "Wheelchair space" in read(facilitator.content)[1]
    assert "Wheelchair space" not in read(client_as(coordinator).get(url).content)[1]


def test_a_workshop_that_is_not_a_briefing_says_nothing_about_decisions(coordinator, site):
    workshop = plan(coordinator, site)
    assert "No decisions are made" not in read(briefing.build_pack(workshop, with_needs=False))[1]


def test_the_pack_lists_the_policy_drafts_open_for_comment(coordinator, briefing_workshop):
    PolicyDraftFactory.create(
        title="Social web policy", owners=[coordinator], sections=[("Intro", "Text")]
    )

    _, text = read(briefing.build_pack(briefing_workshop, with_needs=False))

    assert "Policy drafts open for comment" in text
    assert "Social web policy: open for comment" in text


def test_the_longest_answers_each_field_allows_split_across_pages(
    client_as, officer, briefing_workshop
):
    """999 short lines of needs (the form's 2,000 characters) once raised LayoutError."""
    from workshops.forms import RegistrationForm

    needs_field = RegistrationForm.base_fields["accessibility_needs"]
    diet_field = RegistrationForm.base_fields["dietary_requirements"]
    assert isinstance(needs_field, forms.CharField)
    assert isinstance(diet_field, forms.CharField)
    needs = ("n\n" * 999)[: needs_field.max_length]
    diet = ("d\n" * 999)[: diet_field.max_length]
    book(
        briefing_workshop,
        UserFactory.create(full_name="Lola Long"),
        accessibility_needs=needs,
        dietary_requirements=diet,
    )
    briefing_workshop.access_notes = "Step-free.\n" * 450
    briefing_workshop.save(update_fields=["access_notes"])

    response = client_as(officer).get(
        reverse("workshops:briefing_pack", args=[briefing_workshop.slug])
    )
    assert response.status_code == 200
    reader, text = read(response.content)
    assert "Lola Long" in text
    assert len(reader.pages) > 3


def test_polish_and_greek_names_print_as_written_in_an_embedded_font(coordinator, officer, site):
    workshop = WorkshopFactory.create(
        site=site, created_by=coordinator, title="Spotkanie z Łukaszem: Συνάντηση", capacity=5
    )
    for name in ("Łukasz Żółć", "Ζωή Παπαδοπούλου", "Zoë Brontë"):
        book(workshop, UserFactory.create(full_name=name))
    reader, text = read(briefing.build_pack(workshop, with_needs=True))
    for written in ("Spotkanie z Łukaszem", "Συνάντηση", "Łukasz Żółć", "Ζωή Παπαδοπούλου", "Zoë"):
        assert written in text, written
    assert_fonts_embedded(reader)


def test_the_sign_in_sheet_leaves_room_to_write_in_every_row(briefing_workshop):
    from programme.platform.documents import WRITING_ROW, to_flowables
    from workshops.briefing import WALK_IN_ROWS, _sign_in_sheet

    sheet = to_flowables(_sign_in_sheet(list(briefing_workshop.registrations.all())))[-1]
    sheet.wrap(170 * 2.83, 800)
    assert len(sheet._rowHeights) == 1 + briefing_workshop.registrations.count() + WALK_IN_ROWS
    assert min(sheet._rowHeights[1:]) >= WRITING_ROW
