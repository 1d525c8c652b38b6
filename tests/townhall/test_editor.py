"""The page editor's one form, tried the way people (and attackers) would use it."""

import pytest
from django.core.files.base import ContentFile

from tests.factories import PageFactory
from tests.townhall.editing import editor_url, form_values, open_editor, press, with_block
from tests.townhall.test_uploads import encoded
from townhall import services
from townhall.models import Page, SiteImage
from townhall.permissions import site_for


@pytest.fixture
def webpage(site_lead, site):
    return PageFactory.create(
        site=site_for(site.slug), created_by=site_lead, title="Library", first_published_at=None
    )


def test_the_draft_saves_itself_and_answers_with_the_status_alone(client_as, site_lead, webpage):
    client = client_as(site_lead)
    values = open_editor(client, webpage) | {"summary": "Typed, then a pause"}
    response = client.post(editor_url(webpage), values, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert "Saved at" in text
    assert (
        '<input type="hidden" name="base" id="id_base" value="2" data-hx-swap-oob="true">' in text
    )
    assert '<div id="editor-preview" data-hx-swap-oob="true">' in text
    assert "Typed, then a pause" in text
    webpage.refresh_from_db()
    assert webpage.latest_revision.number == 2


def test_a_draft_that_cannot_be_saved_yet_says_why_and_saves_nothing(client_as, site_lead, webpage):
    client = client_as(site_lead)
    values = form_values(
        press(
            client, webpage, open_editor(client, webpage), "add_block", kind="cta"
        ).content.decode()
    )
    values |= {"block-1-label": "Go", "block-1-url": "javascript:alert(1)"}
    response = client.post(editor_url(webpage), values, HTTP_HX_REQUEST="true")
    assert "Not saved yet: block 2:" in response.content.decode()
    webpage.refresh_from_db()
    assert webpage.latest_revision.number == 1


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("/sites/kirklees/discussions/", True),
        ("https://www.kirklees.gov.uk/libraries", True),
        ("javascript:alert(1)", False),
        ("//evil.example/steal", False),
        ("/\\evil.example", False),
        ('/sites/"><script>', False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("ftp://files.example/x", False),
    ],
)
def test_links_take_the_sites_own_addresses_or_web_addresses_only(
    client_as, site_lead, webpage, url, kept
):
    response = with_block(client_as(site_lead), webpage, "cta", {"label": "Go", "url": url})
    webpage.refresh_from_db()
    blocks = webpage.latest_revision.blocks
    if kept:
        assert response.status_code == 302
        assert response["Location"] == editor_url(webpage)  # saved: back to the editor
        assert blocks[-1] == {
            "type": "cta",
            "label": "Go",
            "url": url,
        }
    else:
        assert response.status_code == 400
        assert len(blocks) == 1


def test_the_editor_offers_the_sites_pages_to_link_to(client_as, site_lead, webpage):
    html = client_as(site_lead).get(editor_url(webpage)).content.decode()
    assert '<datalist id="site-links">' in html
    assert '<option value="/sites/kirklees/discussions/">Discussions</option>' in html


def test_an_image_of_another_site_cannot_be_borrowed(
    client_as, site_lead, coordinator, other_site, webpage
):
    theirs = SiteImage(site=site_for(other_site.slug), alt_text="Theirs", uploaded_by=coordinator)
    theirs.file.save("theirs.png", ContentFile(encoded("PNG")), save=False)
    theirs.save()
    client = client_as(site_lead)
    values = form_values(
        press(
            client, webpage, open_editor(client, webpage), "add_block", kind="image"
        ).content.decode()
    )
    values["block-1-image_id"] = str(theirs.pk)
    response = press(client, webpage, values)
    # Not theirs to use: the block holds no image, so it is left out as empty.
    webpage.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == editor_url(webpage)
    assert all(b.get("image_id") != theirs.pk for b in webpage.latest_revision.blocks)
    page_html = client.get(editor_url(webpage)).content.decode()
    assert theirs.file.url not in page_html


def test_hostile_shapes_are_refused_or_bounded(client_as, site_lead, webpage):
    client = client_as(site_lead)
    values = open_editor(client, webpage)
    assert press(client, webpage, values, "move_block", move="7:up").status_code == 404
    assert press(client, webpage, values, "move_block", move="x:up").status_code == 404
    assert press(client, webpage, values, "remove_block", remove="-1").status_code == 404
    assert press(client, webpage, values, "add_block", kind="script").status_code == 404
    flood = values | {"blocks": "1000000"}
    flood |= {f"block-{n}-type": "heading" for n in range(1, 150)}
    flood |= {f"block-{n}-text": f"H{n}" for n in range(1, 150)}
    flood |= {f"block-{n}-level": "2" for n in range(1, 150)}
    flooded = press(client, webpage, flood)
    assert flooded.status_code == 302
    assert flooded["Location"] == editor_url(webpage)
    webpage.refresh_from_db()
    assert len(webpage.latest_revision.blocks) == 100  # the editor holds at most a hundred


def test_an_empty_new_block_is_left_out_rather_than_refused(client_as, site_lead, webpage):
    client = client_as(site_lead)
    values = form_values(
        press(
            client, webpage, open_editor(client, webpage), "add_block", kind="quote"
        ).content.decode()
    )
    saved = press(client, webpage, values)
    assert saved.status_code == 302
    assert saved["Location"] == editor_url(webpage)
    webpage.refresh_from_db()
    assert [b["type"] for b in webpage.latest_revision.blocks] == ["text"]


def test_only_the_pages_editors_reach_its_editor(client_as, ambassador, resident, webpage):
    for person in (ambassador, resident):
        client = client_as(person)
        assert client.get(editor_url(webpage)).status_code == 404
        assert client.post(editor_url(webpage), {"title": "Mine"}).status_code == 404
    assert Page.objects.get(pk=webpage.pk).latest.title == "Library"


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        (0.0, "under a minute"),
        (0.4, "under a minute"),
        (1, "1 minute"),
        (8.04, "8 minutes"),
        (60, "1 hour"),
        (65, "1 hour 5 minutes"),
        (121, "2 hours 1 minute"),
    ],
)
def test_time_to_publish_is_said_in_real_minutes(minutes, said):
    from programme.templatetags.vth import duration_minutes

    assert duration_minutes(minutes) == said


def test_taking_a_page_down_asks_first_and_says_what_happens(client_as, site_lead, webpage):
    from tests.townhall.editing import written

    services.publish(actor=site_lead, page=written(site_lead, webpage))
    client = client_as(site_lead)
    url = editor_url(webpage, "unpublish")
    asked = client.post(url).content.decode()
    assert "Residents no longer see the page" in asked
    assert "Yes, take it down" in asked
    webpage.refresh_from_db()
    assert webpage.live_revision_id is not None  # one click took nothing down
    taken_down = client.post(url, {"confirmed": "yes"})
    assert taken_down.status_code == 302
    assert taken_down["Location"] == editor_url(webpage)  # the page's editor, now a draft
    webpage.refresh_from_db()
    assert webpage.live_revision_id is None
