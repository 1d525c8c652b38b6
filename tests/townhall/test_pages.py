"""Town hall sites: isolation, building pages from blocks, publishing rules, go-live and expiry."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from programme.models import ActivityLog, BuildStage, PilotSite, Role
from programme.services import grant_role
from tests.conftest import CAST
from tests.factories import PageFactory, UserFactory
from tests.townhall.editing import editor_url, form_values, open_editor, press, with_block, written
from townhall import services
from townhall.blocks import STARTERS
from townhall.models import Page, PageRevision, SiteImage
from townhall.permissions import site_for
from townhall.views.public import preview_token


@pytest.fixture
def townhall(site):
    return site_for(site.slug)


@pytest.fixture
def live(site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    site.refresh_from_db()


@pytest.fixture
def webpage(site_lead, townhall):
    """A new page, as it opens: its starter text, never published."""
    return PageFactory.create(
        site=townhall,
        created_by=site_lead,
        title="Opening times",
        blocks=STARTERS["standard"],
        first_published_at=None,
    )


def published(actor, webpage, blocks):
    services.save_revision(
        actor=actor, page=webpage, base=webpage.latest_revision.number, blocks=blocks
    )
    webpage.refresh_from_db()
    return services.publish(actor=actor, page=webpage)


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("role", CAST)
def test_a_site_is_public_only_once_live_and_its_editors_can_always_preview(
    client_as, person, townhall, site, role
):
    client = client_as(person)
    editor = role in {"coordinator", "site_lead"}
    before = client.get(reverse("townhall:home", args=[site.slug]))
    assert before.status_code == 200
    # The public meets a "coming soon" page, not the site; its editors see the preview.
    assert ("is coming soon" in before.content.decode()) is not editor
    assert ("Apply to be a community ambassador" in before.content.decode()) is not editor
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    after = client.get(reverse("townhall:home", args=[site.slug]))
    assert after.status_code == 200
    assert "is coming soon" not in after.content.decode()


def test_a_kirklees_editor_gets_404_on_every_redbridge_edit_url(
    client_as, coordinator, site_lead, other_site
):
    redbridge = site_for(other_site.slug)
    their_page = PageFactory.create(
        site=redbridge,
        created_by=coordinator,
        kind="news",
        title="Redbridge news",
        first_published_at=None,
    )
    client = client_as(site_lead)
    urls = [
        reverse("townhall:dashboard", args=[other_site.slug]),
        reverse("townhall:edit_page", args=[other_site.slug, their_page.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for name in ("new_page",):
        assert (
            client.post(
                reverse(f"townhall:{name}", args=[other_site.slug]),
                {"title": "x", "kind": "standard"},
            ).status_code
            == 404
        )
    for name in (
        "edit_page",
        "add_block",
        "move_block",
        "remove_block",
        "keep_blocks",
        "publish",
        "unpublish",
    ):
        assert (
            client.post(
                reverse(f"townhall:{name}", args=[other_site.slug, their_page.pk]), {"base": 1}
            ).status_code
            == 404
        ), name
    assert (
        client.post(
            reverse("townhall:permit_editor", args=[other_site.slug]), {"email": site_lead.email}
        ).status_code
        == 404
    )
    their_editor = services.invite_editor(
        actor=coordinator, site=redbridge, email="helper@example.org"
    )
    assert (
        client.post(
            reverse("townhall:withdraw_editor", args=[other_site.slug, their_editor.pk])
        ).status_code
        == 404
    )
    their_editor.refresh_from_db()
    assert their_editor.revoked_at is None
    # Their webpage cannot be reached through our own site's URLs either.
    assert (
        client.get(reverse("townhall:edit_page", args=["kirklees", their_page.pk])).status_code
        == 404
    )


def test_every_new_page_opens_with_starter_content_and_only_a_title_needed(site_lead, townhall):
    for kind in ("standard", "news", "event", "consultation", "get_involved"):
        webpage = services.create_page(
            actor=site_lead, site=townhall, kind=kind, title=f"A {kind} page"
        )
        assert webpage.latest.blocks, kind
        assert webpage.slug == slugify(f"A {kind} page")


def test_blocks_are_added_moved_and_removed_without_javascript_and_nothing_typed_is_lost(
    client_as, site_lead, webpage, site
):
    client = client_as(site_lead)
    values = open_editor(client, webpage)
    values["summary"] = "Typed before adding a block"
    values = form_values(
        press(client, webpage, values, "add_block", kind="heading").content.decode()
    )
    assert values["summary"] == "Typed before adding a block"
    values["block-1-text"] = "When we are open"
    values = form_values(press(client, webpage, values, "add_block", kind="quote").content.decode())
    assert values["block-1-text"] == "When we are open"
    values |= {"block-2-text": "Open all hours", "block-2-cite": "The librarian"}
    values = form_values(press(client, webpage, values, "move_block", move="2:up").content.decode())
    values = form_values(
        press(client, webpage, values, "remove_block", remove="0").content.decode()
    )
    assert values["summary"] == "Typed before adding a block"
    assert PageRevision.objects.filter(page=webpage).count() == 1  # reshaping saves nothing

    saved = press(client, webpage, values)  # Save draft
    assert saved.status_code == 302
    assert saved["Location"] == editor_url(webpage)  # saved: back to the editor
    webpage.refresh_from_db()
    revision = webpage.latest_revision
    assert revision.number == 2
    assert revision.summary == "Typed before adding a block"
    assert [b["type"] for b in revision.blocks] == ["quote", "heading"]
    assert revision.blocks[0]["text"] == "Open all hours"


def test_saving_from_a_stale_revision_keeps_the_words_and_a_second_save_keeps_them_as_newest(
    client_as, site_lead, coordinator, webpage, site
):
    client = client_as(site_lead)
    values = open_editor(client, webpage)
    services.save_revision(actor=coordinator, page=webpage, base=1, title="Opening hours")
    values |= {"title": "My better title", "summary": "Kept words"}
    response = press(client, webpage, values)
    text = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this page" in text
    assert "My better title" in text
    assert "Kept words" in text
    webpage.refresh_from_db()
    assert webpage.latest_revision.title == "Opening hours"
    # Saving again, having seen the warning, keeps theirs in the history and ours on top.
    saved = press(client, webpage, form_values(text))
    assert saved.status_code == 302
    assert saved["Location"] == editor_url(webpage)
    webpage.refresh_from_db()
    assert webpage.latest_revision.title == "My better title"
    assert webpage.revisions.filter(title="Opening hours").exists()


@pytest.mark.parametrize(
    ("blocks", "problem"),
    [
        ([{"type": "heading", "text": "", "level": 2}], "the heading is empty"),
        ([{"type": "heading", "text": "Deep", "level": 4}], "skips a level"),
        ([{"type": "image", "image_id": None}], "the image is missing"),
    ],
)
def test_pages_with_accessibility_problems_cannot_be_published(site_lead, webpage, blocks, problem):
    services.save_revision(actor=site_lead, page=webpage, base=1, blocks=blocks)
    webpage.refresh_from_db()
    with pytest.raises(services.TownhallError) as error:
        services.publish(actor=site_lead, page=webpage)
    assert problem in error.value.message
    webpage.refresh_from_db()
    assert webpage.live_revision is None


def test_an_image_needs_alt_text_or_to_be_marked_decorative_and_changes_in_place(
    client_as, site_lead, webpage, townhall, site
):
    client = client_as(site_lead)
    response = with_block(client, webpage, "image", {"alt_text": ""}, {"file": png()})
    assert response.status_code == 302
    assert response["Location"] == editor_url(webpage)
    webpage.refresh_from_db()
    with pytest.raises(services.TownhallError):
        services.publish(actor=site_lead, page=webpage)
    # The image block is changed where it stands: no need to remove it and start again.
    values = open_editor(client, webpage)
    editor_html = client.get(editor_url(webpage)).content.decode()
    assert "Alternative text (required unless the image is decorative)" in editor_html
    assert "decorative) (optional)" not in editor_html  # required, if not by the draft
    values["block-1-alt_text"] = "The library's front door"
    refused = client.get(press(client, webpage, values, "publish")["Location"]).content.decode()
    assert "Block 1: it still holds the starter text" in refused  # and the alt text was kept
    assert SiteImage.objects.get().alt_text == "The library's front door"
    values = open_editor(client, webpage)
    values["block-0-markdown"] = "Our front door is on Market Street."
    published = press(client, webpage, values, "publish")
    assert published.status_code == 302
    assert published["Location"] == editor_url(webpage)
    webpage.refresh_from_db()
    assert webpage.live_revision_id == webpage.latest_revision_id
    image = SiteImage.objects.get()
    assert image.site == townhall
    assert image.alt_text == "The library's front door"


def test_only_real_images_of_a_sensible_size_are_accepted(client_as, site_lead, webpage, site):
    fake = SimpleUploadedFile("evil.png", b"<?php echo 1; ?>", content_type="image/png")
    response = with_block(client_as(site_lead), webpage, "image", {"alt_text": "x"}, {"file": fake})
    assert response.status_code == 400
    assert not SiteImage.objects.exists()


def test_publishing_records_the_time_to_first_publication(
    client_as, site_lead, webpage, townhall, site
):
    Page.objects.filter(pk=webpage.pk).update(created_at=timezone.now() - dt.timedelta(minutes=8))
    webpage.refresh_from_db()
    written(site_lead, webpage)
    services.publish(actor=site_lead, page=webpage)
    assert (
        "8 minutes"
        in client_as(site_lead)
        .get(reverse("townhall:dashboard", args=[site.slug]))
        .content.decode()
    )


def test_go_live_and_expiry_are_honoured_on_the_next_request(
    client, site_lead, webpage, live, site
):
    published(site_lead, webpage, [{"type": "text", "markdown": "We open at nine."}])
    url = webpage.get_absolute_url()
    assert client.get(url).status_code == 200

    services.schedule(
        actor=site_lead,
        page=webpage,
        go_live_at=timezone.now() + dt.timedelta(hours=1),
        expires_at=None,
        review_on=None,
        in_menu=True,
    )
    assert client.get(url).status_code == 404
    services.schedule(
        actor=site_lead,
        page=webpage,
        go_live_at=None,
        expires_at=timezone.now() - dt.timedelta(minutes=1),
        review_on=None,
        in_menu=True,
    )
    assert client.get(url).status_code == 404


def test_the_public_sees_the_published_revision_not_later_drafts(client, site_lead, webpage, live):
    published(site_lead, webpage, [{"type": "text", "markdown": "Published words."}])
    services.save_revision(
        actor=site_lead,
        page=webpage,
        base=webpage.latest_revision.number,
        blocks=[{"type": "text", "markdown": "Draft words."}],
    )
    text = client.get(webpage.get_absolute_url()).content.decode()
    assert "Published words." in text
    assert "Draft words." not in text


def test_a_preview_link_shows_the_draft_to_a_colleague_and_a_bad_one_is_a_404(
    client, site_lead, webpage, site
):
    services.save_revision(
        actor=site_lead, page=webpage, base=1, blocks=[{"type": "text", "markdown": "Draft words."}]
    )
    assert (
        "Draft words."
        in client.get(
            reverse("townhall:preview", args=[site.slug, preview_token(webpage)])
        ).content.decode()
    )
    assert client.get(reverse("townhall:preview", args=[site.slug, "forged"])).status_code == 404


def test_review_dates_flag_stale_pages_to_the_site_lead(client_as, site_lead, webpage, site):
    services.schedule(
        actor=site_lead,
        page=webpage,
        go_live_at=None,
        expires_at=None,
        review_on=timezone.localdate() - dt.timedelta(days=1),
        in_menu=True,
    )
    assert (
        "Due for review"
        in client_as(site_lead)
        .get(reverse("townhall:dashboard", args=[site.slug]))
        .content.decode()
    )


def test_what_people_write_in_blocks_never_becomes_markup(client, site_lead, webpage, live):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    published(
        site_lead,
        webpage,
        [
            {"type": "heading", "text": payload, "level": 2},
            {"type": "text", "markdown": payload + " [x](javascript:alert(3))"},
            {"type": "quote", "text": payload, "cite": payload},
            {"type": "links", "links": [{"label": payload, "url": "https://example.org"}]},
        ],
    )
    text = client.get(webpage.get_absolute_url()).content.decode()
    assert "<script>alert" not in text
    assert "onerror=alert" not in text.replace("&lt;img src=x onerror=alert(2)&gt;", "")
    assert "javascript:alert" not in text


def test_a_page_with_live_blocks_runs_the_same_queries_with_more_items(
    client, site_lead, coordinator, webpage, live, townhall, assert_bounded_queries
):
    published(
        site_lead,
        webpage,
        [
            {"type": "news"},
            {"type": "workshops"},
            {"type": "policies"},
            {"type": "text", "markdown": "x"},
        ],
    )

    def grow(count):
        for n in range(count):
            PageFactory.create(
                site=townhall, created_by=site_lead, kind="news", title=f"News {count}-{n}"
            )

    grow(2)
    assert_bounded_queries(
        [webpage.get_absolute_url(), townhall.get_absolute_url()], lambda: grow(8)
    )


def test_officers_cannot_edit_the_site(client_as, officer, site):
    assert (
        client_as(officer).get(reverse("townhall:dashboard", args=[site.slug])).status_code == 404
    )
    other = UserFactory.create()
    grant_role(actor=None, user=other, role=Role.SITE_LEAD, site=site)
    assert client_as(other).get(reverse("townhall:dashboard", args=[site.slug])).status_code == 200


def test_a_stale_block_is_shown_again_as_typed(client_as, site_lead, coordinator, webpage, site):
    client = client_as(site_lead)
    values = open_editor(client, webpage)
    services.save_revision(actor=coordinator, page=webpage, base=1, title="Changed meanwhile")
    values = form_values(press(client, webpage, values, "add_block", kind="quote").content.decode())
    values |= {"block-1-text": "Words I typed", "block-1-cite": "Me"}
    response = press(client, webpage, values)
    assert response.status_code == 409
    assert "Words I typed" in response.content.decode()
    webpage.refresh_from_db()
    assert [b["type"] for b in webpage.latest.blocks] == ["text"]


@pytest.mark.parametrize(
    "typed",
    [
        "Write what this page is for, in a sentence or two.",
        "Write what this page is for, in a sentence or two.When the library is open.",
        "Opening times. Write what this page is for,\n in a sentence or two.",
    ],
)
def test_a_starter_line_with_words_typed_around_it_is_not_published(site_lead, webpage, typed):
    services.save_revision(
        actor=site_lead,
        page=webpage,
        base=webpage.latest.number,
        blocks=[{"type": "text", "markdown": typed}],
    )
    webpage.refresh_from_db()
    with pytest.raises(services.TownhallError, match="starter text"):
        services.publish(actor=site_lead, page=webpage)


def test_a_link_to_no_page_of_the_site_is_said_before_publishing_and_refused(
    client_as, site_lead, webpage, townhall, site
):
    other = PageFactory.create(
        site=townhall, created_by=site_lead, title="Parks", first_published_at=None
    )
    services.save_revision(
        actor=site_lead,
        page=webpage,
        base=webpage.latest.number,
        blocks=[
            {"type": "cta", "label": "Nowhere", "url": f"/sites/{site.slug}/no-such-page/"},
            {
                "type": "links",
                "links": [
                    {"label": "Parks", "url": f"/sites/{site.slug}/parks/"},  # not published
                    {"label": "News", "url": f"/sites/{site.slug}/news/"},
                    {"label": "Nothing", "url": "/no/such/address/"},
                    {"label": "Elsewhere", "url": "https://example.org/"},
                ],
            },
        ],
    )
    webpage.refresh_from_db()
    with pytest.raises(services.TownhallError) as refused:
        services.publish(actor=site_lead, page=webpage)
    said = refused.value.message
    assert f"Block 1: the link /sites/{site.slug}/no-such-page/ leads to no page" in said
    assert f"Block 2: the link /sites/{site.slug}/parks/ leads to no page" in said
    assert "the link /no/such/address/ leads to no page" in said
    assert "/news/ leads" not in said
    assert "example.org" not in said
    editor = client_as(site_lead).get(editor_url(webpage)).content.decode()
    assert "Fix these before publishing" in editor
    assert "no-such-page/ leads to no page" in editor

    services.save_revision(  # Parks goes live: only the others remain
        actor=site_lead, page=other, base=1, blocks=[{"type": "quote", "text": "Green."}]
    )
    other.refresh_from_db()
    services.publish(actor=site_lead, page=other)
    with pytest.raises(services.TownhallError) as refused:
        services.publish(actor=site_lead, page=webpage)
    assert "/parks/ leads" not in refused.value.message


def test_a_draft_never_published_is_deleted_after_confirming_and_frees_its_address(
    client_as, site_lead, townhall, site, resident
):
    first = PageFactory.create(
        site=townhall,
        created_by=site_lead,
        title="Parks",
        blocks=[{"type": "quote", "text": "Green."}],
        first_published_at=None,
    )
    client = client_as(site_lead)
    url = editor_url(first, "delete_draft")
    assert "Delete this draft" in client.get(editor_url(first)).content.decode()
    asked = client.post(url)  # the first press asks
    assert asked.status_code == 200
    assert "Delete the draft “Parks”?" in asked.content.decode()
    assert Page.objects.filter(pk=first.pk).exists()
    assert client_as(resident).post(url, {"confirmed": "yes"}).status_code == 404
    assert Page.objects.filter(pk=first.pk).exists()
    done = client_as(site_lead).post(url, {"confirmed": "yes"})
    assert done.status_code == 302
    assert done["Location"] == reverse("townhall:dashboard", args=[site.slug])  # the site's pages
    assert not Page.objects.filter(pk=first.pk).exists()
    assert ActivityLog.objects.filter(action="townhall.page.deleted").count() == 1
    again = services.create_page(actor=site_lead, site=townhall, kind="standard", title="Parks")
    assert again.slug == "parks"  # not parks-2


def test_a_page_once_published_or_with_pages_under_it_is_not_deleted(
    client_as, site_lead, townhall, site
):
    published = PageFactory.create(
        site=townhall, created_by=site_lead, title="A", blocks=[{"type": "quote", "text": "Hi."}]
    )
    services.unpublish(actor=site_lead, page=published)
    with pytest.raises(services.TownhallError, match="take it down instead"):
        services.delete_draft(actor=site_lead, page=published)
    assert (
        "Delete this draft" not in client_as(site_lead).get(editor_url(published)).content.decode()
    )
    parent = PageFactory.create(
        site=townhall, created_by=site_lead, title="B", first_published_at=None
    )
    child = PageFactory.create(
        site=townhall, created_by=site_lead, title="C", first_published_at=None
    )
    Page.objects.filter(pk=child.pk).update(parent=parent)
    with pytest.raises(services.TownhallError, match="move them elsewhere first"):
        services.delete_draft(actor=site_lead, page=parent)
    assert Page.objects.filter(pk__in=[published.pk, parent.pk]).count() == 2
