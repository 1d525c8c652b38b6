"""The web versions of the briefing pack and the consultation report: the same content as
the PDF, with real headings and marked-up tables, for the same people only."""

import pytest
from django.urls import reverse

from programme.platform.documents import Heading
from tests.conftest import CAST
from tests.factories import CommentFactory, PolicyDraftFactory, UserFactory, WorkshopFactory
from workshops import briefing

from .conftest import book


@pytest.fixture
def briefing_workshop(coordinator, site, officer):
    workshop = WorkshopFactory.create(
        site=site, created_by=coordinator, title="Members' briefing", capacity=9
    )
    workshop.facilitators.add(officer)
    book(workshop, UserFactory.create(full_name="Łukasz Żółć"), accessibility_needs="Hearing loop")
    return workshop


def test_the_pack_page_has_the_pdfs_content_as_headings_and_tables(
    client_as, officer, briefing_workshop
):
    page = client_as(officer).get(
        reverse("workshops:briefing_pack_page", args=[briefing_workshop.slug])
    )
    html = page.content.decode()
    assert page.status_code == 200
    for block in briefing.pack(briefing_workshop, with_needs=True):
        if isinstance(block, Heading):
            assert f">{block.text}</h" in html.replace("&#x27;", "'"), block.text
    assert '<th scope="col">Accessibility needs</th>' in html
    assert "Hearing loop" in html
    assert '<th scope="row">When</th>' in html
    assert "Łukasz Żółć" in html
    assert html.count('class="writing-row"') == briefing.WALK_IN_ROWS


def test_the_pack_page_leaves_needs_out_for_people_who_are_not_facilitators(
    client_as, coordinator, briefing_workshop
):
    html = (
        client_as(coordinator)
        .get(reverse("workshops:briefing_pack_page", args=[briefing_workshop.slug]))
        .content.decode()
    )
    assert "Łukasz Żółć" in html
    assert "Hearing loop" not in html


@pytest.mark.parametrize("role", CAST)
def test_the_pack_page_is_for_the_same_people_as_the_pdf(
    client_as, person, briefing_workshop, role
):
    client = client_as(person)
    page = client.get(reverse("workshops:briefing_pack_page", args=[briefing_workshop.slug]))
    pdf = client.get(reverse("workshops:briefing_pack", args=[briefing_workshop.slug]))
    assert page.status_code == pdf.status_code


def test_the_report_page_shows_every_comment_with_who_said_it(client_as, coordinator, resident):
    draft = PolicyDraftFactory.create(
        title="Social web policy", owners=[coordinator], sections=[("Posting", "Be fair.")]
    )
    CommentFactory.create(
        author=resident,
        section=draft.versions.get().sections.get(),
        stance="object",
        body="Too strict for residents",
    )
    html = client_as(coordinator).get(reverse("policy_drafts:report", args=[draft.slug]))
    text = html.content.decode()
    assert "<h1>Consultation report: Social web policy</h1>" in text
    assert "<h2>Version 1: Posting</h2>" in text
    assert "Too strict for residents" in text
    assert "<strong>Rosa Green,</strong>" in text
    assert (
        client_as(resident).get(reverse("policy_drafts:report", args=[draft.slug])).status_code
        == 403
    )
