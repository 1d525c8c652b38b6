"""Building a page in one sitting, no script ever running from what people write, and axe on town hall pages."""

import time

from django.test import override_settings
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Dialog, expect

from policy_drafts import services as draft_services
from programme.models import AuditEntry, BuildStage, PilotSite, Role
from programme.services import audit, updates
from tests.factories import PASSWORD, PilotSiteFactory
from tests.feed_server import feed_server
from tests.townhall.editing import written
from townhall import services
from townhall.models import AggregatedItem, FeedChecker, Page
from townhall.permissions import site_for
from townhall.services import aggregation

from .conftest import assert_accessible, person_with_role
from .pace import replace_in, type_in

PAYLOADS = [
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    "[click](javascript:window.__xss=3)",
    '<svg onload="window.__xss = 4"></svg>',
    '"><script>window.__xss = 5</script>',
]


class Loads:
    """Counts full page loads (navigations of the main frame): in-place updates are not loads."""

    def __init__(self, page) -> None:
        self.count = 0
        page.on("load", lambda _: setattr(self, "count", self.count + 1))


def build_five_block_page(page, live_server, site_slug, photo, *, script: bool = True) -> None:
    """A first-time editor builds "Library opening times" from the dashboard: their own
    opening words, then a heading, text, a quote, an image and a call to action, typing at
    a person's pace and pressing the next button with the cursor still in the field."""
    page.goto(f"{live_server.url}/sites/{site_slug}/edit/")
    type_in(page.get_by_label("Title"), "Library opening times")
    page.get_by_label("Standard page").check()
    page.get_by_role("button", name="Start the page").click()
    expect(page.get_by_role("heading", name="Editing “Library opening times”")).to_be_visible()
    replace_in(  # over the starter line
        page.get_by_role("group", name="Block 1: Text").get_by_role("textbox", name="Text"),
        "When the central library is open, and how to book.",
    )

    def add(kind: str, number: int):
        page.get_by_role("group", name="Add a block at the end").get_by_role(
            "button", name=kind, exact=True
        ).click()
        block = page.get_by_role("group", name=f"Block {number}: {kind}")
        expect(block).to_be_visible()
        return block

    type_in(
        add("Heading", 2).get_by_role("textbox", name="Heading", exact=True), "When we are open"
    )
    type_in(
        add("Text", 3).get_by_role("textbox", name="Text"),
        "Monday to Saturday, **nine till five**.",
    )
    type_in(add("Quote", 4).get_by_role("textbox", name="Quote"), "The best room in town.")
    image = add("Image", 5)
    image.get_by_label("Image", exact=True).set_input_files(str(photo))
    image = page.get_by_role("group", name="Block 5: Image")
    if script:  # kept and shown at once; without script, on the next button pressed
        expect(image.get_by_role("img", name="The image in this block now")).to_be_visible()
    type_in(
        image.get_by_label("Alternative text (required unless the image is decorative)"),
        "The library's glass front door",
    )
    cta = add("Call to action", 6)
    type_in(cta.get_by_role("textbox", name="Button text"), "Ask in the discussions")
    type_in(cta.get_by_role("combobox", name="Link"), f"/sites/{site_slug}/discussions/")
    page.keyboard.press("Escape")  # the list of the site's pages, offered as they type


def test_a_site_lead_builds_and_publishes_a_page_with_five_blocks_and_an_image(
    page, live_server, live_site, sign_in, tmp_path
):
    lead = person_with_role(Role.SITE_LEAD, live_site, full_name="Laila Hussain")
    photo = tmp_path / "library.png"
    Image.new("RGB", (40, 30), "teal").save(photo)
    sign_in(lead)

    loads = Loads(page)
    started = time.monotonic()
    build_five_block_page(page, live_server, live_site.slug, photo)
    assert_accessible(page)
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text("Published; residents see it once the site goes live.")).to_be_visible()
    seconds = time.monotonic() - started
    # the dashboard, the new page's editor, the published page
    assert loads.count <= 3, f"{loads.count} full page loads, {seconds:.1f} s from the dashboard"

    published = Page.objects.get(site__pilot_site=live_site, slug="library-opening-times")
    assert len(published.live.blocks) == 6  # their opening words and five blocks
    assert published.first_published_at is not None
    assert not published.in_menu  # not in the menu unless ticked

    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/sites/{live_site.slug}/library-opening-times/")
    expect(page.get_by_role("heading", name="When we are open")).to_be_visible()
    expect(page.get_by_role("img", name="The library's glass front door")).to_be_visible()
    expect(page.get_by_role("link", name="Ask in the discussions")).to_have_attribute(
        "href", f"/sites/{live_site.slug}/discussions/"
    )
    assert_accessible(page)


def test_the_same_page_is_built_without_javascript(browser, live_server, live_site, tmp_path):
    lead = person_with_role(Role.SITE_LEAD, live_site, full_name="Laila Hussain")
    photo = tmp_path / "library.png"
    Image.new("RGB", (40, 30), "teal").save(photo)
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    build_five_block_page(page, live_server, live_site.slug, photo, script=False)
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text("Published; residents see it once the site goes live.")).to_be_visible()
    published = Page.objects.get(site__pilot_site=live_site, slug="library-opening-times")
    assert len(published.live.blocks) == 6
    context.close()


def test_a_summary_typed_before_adding_a_block_survives_and_starter_text_is_not_published(
    page, live_server, live_site, sign_in
):
    lead = person_with_role(Role.SITE_LEAD, live_site)
    news = services.create_page(
        actor=lead, site=site_for(live_site.slug), kind="news", title="Library news"
    )
    sign_in(lead)
    page.goto(f"{live_server.url}/sites/{live_site.slug}/edit/pages/{news.pk}/")
    page.get_by_label("Summary (optional)").fill("Open late on Thursdays")
    page.get_by_role("group", name="Add a block at the end").get_by_role(
        "button", name="Heading", exact=True
    ).click()
    page.get_by_role("group", name="Block 2: Heading").get_by_role(
        "textbox", name="Heading", exact=True
    ).fill("Late opening")
    expect(page.get_by_label("Summary (optional)")).to_have_value("Open late on Thursdays")
    expect(page.locator("#save-status")).to_contain_text("Saved at")  # it saved itself
    page.get_by_role("button", name="Save and publish").click()
    # Saved, then refused by publishing itself (not a conflict with its own saving).
    expect(
        page.locator(
            ".alert-danger", has_text="Fix these first: Block 1: it still holds the starter text"
        )
    ).to_be_visible()
    news.refresh_from_db()
    assert news.live_revision is None
    assert news.latest.summary == "Open late on Thursdays"
    assert news.latest.blocks[1]["text"] == "Late opening"
    # The refusal links to the block to fix.
    page.get_by_role("link", name="Block 1").first.click()
    expect(page.locator("#block-0")).to_be_focused()


def test_no_script_from_what_people_write_ever_runs(page, live_server, live_site, sign_in):
    coordinator = person_with_role(Role.COORDINATOR)
    resident = person_with_role(None)
    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    site = site_for(live_site.slug)
    payload = "\n\n".join(PAYLOADS)
    town_page = services.create_page(
        actor=coordinator, site=site, kind="standard", title=PAYLOADS[0]
    )
    services.save_revision(
        actor=coordinator,
        page=town_page,
        base=1,
        blocks=[
            {"type": "heading", "text": payload, "level": 2},
            {"type": "text", "markdown": payload},
            {"type": "quote", "text": payload, "cite": payload},
            {"type": "links", "links": [{"label": payload, "url": "https://example.org"}]},
            {
                "type": "embed",
                "url": "https://vimeo.com/1",
                "title": payload,
                "provider": "Vimeo",
                "src": "https://player.vimeo.com/video/1?dnt=1",
            },
        ],
    )
    town_page.refresh_from_db()
    services.set_page_tags(actor=coordinator, page=town_page, names=PAYLOADS)
    services.publish(actor=coordinator, page=town_page)
    update = updates.write_update(actor=coordinator, title=PAYLOADS[1], body=payload, publish=True)
    updates.reply_to_update(author=resident, update=update, body=payload, capacity="resident")
    draft = draft_services.create_draft(
        actor=coordinator, title="Policy", sections=[(PAYLOADS[2], payload)]
    )
    draft_services.publish_version(actor=coordinator, draft=draft, change_note="")
    draft_services.set_status(actor=coordinator, draft=draft, status="open")
    section = draft.versions.get().sections.get()
    draft_services.add_comment(
        author=resident, section=section, capacity="resident", stance="object", body=payload
    )

    from townhall.services import discussions

    thread = discussions.start_discussion(
        author=coordinator, site=site, title=PAYLOADS[3], body=payload, capacity="coordinator"
    )
    discussions.reply(
        author=resident, discussion=thread.discussion, body=payload, capacity="resident"
    )
    # A feed that tries everything, fetched from a local server and let through by a moderator.
    entry = audit.add_audit_entry(
        actor=coordinator,
        site=live_site,
        category="blogs",
        name="Not so friendly",
        url="https://bad.example/",
        feed_url="https://bad.example/feed",
    )
    with (
        feed_server() as server,
        override_settings(FETCH_ALLOWED_HOSTS=[f"127.0.0.1:{server.server_address[1]}"]),
    ):
        AuditEntry.objects.filter(pk=entry.pk).update(feed_url=server.url("malicious.xml"))
        entry.refresh_from_db()
        assert aggregation.refresh(entry, by=FeedChecker.SCHEDULE).new == 1
    item = AggregatedItem.objects.get()
    services.approve_item(moderator=coordinator, item=item)
    services.save_revision(
        actor=coordinator,
        page=town_page,
        base=town_page.latest.number,
        blocks=[*town_page.latest.blocks, {"type": "around"}],
    )
    services.publish(actor=coordinator, page=town_page)
    alerts: list[str] = []

    def note_and_dismiss(dialog: Dialog) -> None:
        alerts.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", note_and_dismiss)
    for path in [
        f"/sites/{live_site.slug}/around/",
        f"/sites/{live_site.slug}/tags/",
        *[tag.get_absolute_url() for tag in town_page.tags.all()],
        item.tags.get().get_absolute_url(),
        f"/sites/{live_site.slug}/search/?q=fun",
        town_page.get_absolute_url(),
        update.get_absolute_url(),
        draft.get_absolute_url(),
        "/programme/updates/",
        "/",
        thread.discussion.get_absolute_url(),
        f"/sites/{live_site.slug}/discussions/",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        for link in page.locator("main a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith("javascript:"), href
        assert page.evaluate("window.__xss === undefined"), path
    assert alerts == []


def test_a_site_not_live_yet_greets_visitors_accessibly(page, live_server, live_site):
    coming = PilotSiteFactory.create(name="Chorley", slug="chorley", council_name="Chorley Council")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="what you can do now").first.click()
    expect(page.get_by_role("heading", name="Chorley Town Hall is coming soon")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Apply to be a community ambassador for Chorley").click()
    expect(page.get_by_label("Your council")).to_have_value(str(coming.pk))


def test_town_hall_pages_have_no_axe_violations(page, live_server, live_site, sign_in):
    lead = person_with_role(Role.SITE_LEAD, live_site)
    site = site_for(live_site.slug)
    home = services.create_page(actor=lead, site=site, kind="standard", title="Welcome")
    Page.objects.filter(pk=home.pk).update(slug="home")
    home.refresh_from_db()
    services.save_revision(
        actor=lead,
        page=home,
        base=1,
        blocks=[{"type": "news"}, {"type": "workshops"}, {"type": "policies"}],
    )
    home.refresh_from_db()
    services.publish(actor=lead, page=home)
    news = services.create_page(actor=lead, site=site, kind="news", title="We are live")
    services.set_page_tags(actor=lead, page=home, names=["Parks"])
    video = services.create_page(actor=lead, site=site, kind="standard", title="Video")
    services.add_block(
        actor=lead,
        page=video,
        base=1,
        block={
            "type": "embed",
            "url": "https://vimeo.com/76979871",
            "title": "The new library",
            "provider": "Vimeo",
            "src": "about:blank",
        },
    )
    written(lead, video)
    services.publish(actor=lead, page=video)
    source = AuditEntry.objects.create(
        site=live_site, category="news", name="Local news", url="https://news.example/"
    )
    for n, approved in enumerate([True, False]):
        AggregatedItem.objects.create(
            site=site,
            source=source,
            guid=str(n),
            title=f"Item {n}",
            summary="<p>Said elsewhere.</p>",
            published_at=timezone.now(),
            approved_at=timezone.now() if approved else None,
        ).tags.set([home.tags.get()])
    sign_in(lead)
    for path in [
        f"/sites/{live_site.slug}/around/",
        f"/sites/{live_site.slug}/tags/",
        f"/sites/{live_site.slug}/tags/parks/",
        f"/sites/{live_site.slug}/discussions/waiting/",
        video.get_absolute_url(),
        video.get_absolute_url() + "?embed=show",
        f"/sites/{live_site.slug}/edit/pages/{news.pk}/?add=embed",
        f"/sites/{live_site.slug}/",
        f"/sites/{live_site.slug}/edit/",
        f"/sites/{live_site.slug}/edit/pages/{news.pk}/",
        f"/sites/{live_site.slug}/edit/pages/{news.pk}/?add=image",
        f"/sites/{live_site.slug}/edit/pages/{news.pk}/?add=links",
        f"/sites/{live_site.slug}/edit/pages/{home.pk}/",
        news.get_absolute_url(),
        f"/sites/{live_site.slug}/news/",
        f"/sites/{live_site.slug}/widget/",
        f"/sites/{live_site.slug}/search/?q=welcome",
        f"/sites/{live_site.slug}/about/accessibility/",
        f"/sites/{live_site.slug}/about/privacy/",
        f"/sites/{live_site.slug}/about/cookies/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)


def test_a_resident_posts_is_premoderated_and_an_ambassador_approves(
    page, live_server, live_site, sign_in
):
    from townhall.services import discussions

    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    site = site_for(live_site.slug)
    ambassador = person_with_role(Role.AMBASSADOR, live_site, full_name="Amir Patel")
    resident = person_with_role(None, full_name="Rosa Green")
    thread = discussions.start_discussion(
        author=ambassador,
        site=site,
        title="Bus routes",
        body="What should change?",
        capacity=f"ambassador:{live_site.slug}",
    ).discussion

    sign_in(resident)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.get_by_role("textbox", name="Your reply").fill("The 303 is always late.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("an ambassador will check it before it shows")).to_be_visible()
    expect(page.get_by_text("Waiting for an ambassador")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    expect(page.get_by_text("always late")).to_have_count(0)

    sign_in(ambassador)
    page.goto(f"{live_server.url}/sites/{live_site.slug}/discussions/waiting/")
    assert_accessible(page)
    page.get_by_role("button", name="Approve the post by Rosa Green").click()
    expect(page.get_by_text("Approved")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    expect(page.get_by_text("The 303 is always late.")).to_be_visible()
    page.goto(f"{live_server.url}/sites/{live_site.slug}/discussions/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/sites/{live_site.slug}/discussions/terms/")
    assert_accessible(page)


def test_an_editor_signed_out_mid_edit_signs_in_again_and_nothing_is_lost(
    page, live_server, live_site, sign_in
):
    from django.contrib.sessions.models import Session

    lead = person_with_role(Role.SITE_LEAD, live_site)
    news = services.create_page(
        actor=lead, site=site_for(live_site.slug), kind="news", title="Library news"
    )
    sign_in(lead)
    page.goto(f"{live_server.url}/sites/{live_site.slug}/edit/pages/{news.pk}/")
    Session.objects.all().delete()  # the session expires while they write
    page.get_by_role("textbox", name="Summary (optional)").fill("Open late on Thursdays")
    expect(page.locator("#save-status")).to_contain_text("You were signed out")

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Sign in to save your work")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="You are signed in again")).to_be_visible()
    page.get_by_role("button", name="Send what I wrote").click()

    expect(page.get_by_text("Saved at")).to_be_visible()
    news.refresh_from_db()
    assert news.latest.summary == "Open late on Thursdays"
