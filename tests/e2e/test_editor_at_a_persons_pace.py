"""The page editor at a person's pace: typing a key at a time, pressing the next button while
the cursor is still in the field, pressing Enter, waiting past the pause, a phone on a slow
network, an answer that is an error, two tabs, and going back."""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect

from programme.models import Role
from tests.factories import PASSWORD
from townhall import services
from townhall.models import Page
from townhall.permissions import site_for

from .conftest import assert_accessible, person_with_role, signed_in_on_a_phone
from .pace import (
    PHONE,
    no_failed_fetches,
    replace_in,
    slow_network,
    type_in,
    wait_past_the_pause,
)


@pytest.fixture
def lead(live_site):
    return person_with_role(Role.SITE_LEAD, live_site, full_name="Laila Hussain")


@pytest.fixture
def news(live_site, lead):
    return services.create_page(
        actor=lead, site=site_for(live_site.slug), kind="news", title="Library news"
    )


def editor_url(live_server, page: Page) -> str:
    return f"{live_server.url}/sites/{page.site.pilot_site.slug}/edit/pages/{page.pk}/"


def add_block(page, kind: str):
    page.get_by_role("group", name="Add a block at the end").get_by_role(
        "button", name=kind, exact=True
    ).click()


def saved(news: Page) -> dict:
    news.refresh_from_db()
    revision = news.latest
    return {"summary": revision.summary, "blocks": revision.blocks}


def test_typing_then_adding_blocks_at_once_keeps_the_editor_and_every_word(
    page, live_server, news, lead, sign_in
):
    sign_in(lead)
    page.goto(editor_url(live_server, news))
    with no_failed_fetches(page):
        type_in(page.get_by_label("Summary (optional)"), "Open late on Thursdays")
        add_block(page, "Heading")  # the cursor is still in the summary
        heading = page.get_by_role("group", name="Block 2: Heading")
        type_in(heading.get_by_role("textbox", name="Heading", exact=True), "Late opening")
        add_block(page, "Quote")  # and now still in the heading
        quote = page.get_by_role("group", name="Block 3: Quote")
        type_in(quote.get_by_role("textbox", name="Quote"), "Worth the wait.")
        wait_past_the_pause(page)
        expect(page.locator("#save-status")).to_contain_text("Saved at")
    expect(page.get_by_role("heading", name="Editing “Library news”")).to_be_visible()
    expect(page.get_by_label("Summary (optional)")).to_have_value("Open late on Thursdays")
    stored = saved(news)
    assert stored["summary"] == "Open late on Thursdays"
    assert [b["type"] for b in stored["blocks"]] == ["text", "heading", "quote"]
    assert stored["blocks"][1]["text"] == "Late opening"
    assert stored["blocks"][2]["text"] == "Worth the wait."
    assert_accessible(page)


@pytest.mark.parametrize("script", [True, False], ids=["with-script", "without-script"])
def test_enter_in_a_field_saves_and_never_presses_a_blocks_remove(
    browser, live_server, news, lead, script
):
    context = browser.new_context(java_script_enabled=script, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    type_in(page.get_by_label("Email address"), lead.email)
    type_in(page.get_by_label("Password"), PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(editor_url(live_server, news))
    with no_failed_fetches(page):
        type_in(page.get_by_label("Summary (optional)"), "Open late")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Saved at")).to_be_visible()
    expect(page.get_by_role("group", name="Block 1: Text")).to_be_visible()
    stored = saved(news)
    assert stored["summary"] == "Open late"
    assert [b["type"] for b in stored["blocks"]] == ["text"]
    context.close()


@pytest.mark.parametrize("failure", ["error", "no-answer"])
def test_a_failed_request_is_told_in_the_status_and_the_editor_stays(
    page, live_server, news, lead, sign_in, failure
):
    sign_in(lead)
    page.goto(editor_url(live_server, news))

    def fail(route):
        if failure == "error":
            route.fulfill(status=500, body="<!doctype html><title>Server error</title>Oops")
        else:
            route.abort("connectionreset")

    page.route("**/blocks/add/", fail)
    type_in(page.get_by_label("Summary (optional)"), "Open late on Thursdays")
    add_block(page, "Heading")
    expect(page.locator("#save-status")).to_contain_text("That did not work")
    expect(page.locator("#save-status")).to_contain_text("Everything you typed is still here")
    expect(page.get_by_role("heading", name="Editing “Library news”")).to_be_visible()
    expect(page.get_by_label("Summary (optional)")).to_have_value("Open late on Thursdays")
    assert_accessible(page)

    # The connection comes back: the same button works, and the words are saved.
    page.unroute("**/blocks/add/")
    add_block(page, "Heading")
    expect(page.get_by_role("group", name="Block 2: Heading")).to_be_visible()
    wait_past_the_pause(page)
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    assert saved(news)["summary"] == "Open late on Thursdays"


def test_a_save_that_fails_says_so_and_saves_after_the_next_change(
    page, live_server, news, lead, sign_in
):
    sign_in(lead)
    url = editor_url(live_server, news)
    page.goto(url)
    page.route(url, lambda route: route.fulfill(status=502, body="Bad gateway"))
    type_in(page.get_by_label("Summary (optional)"), "Open late")
    wait_past_the_pause(page)
    expect(page.locator("#save-status")).to_contain_text("Not saved: the server answered")
    page.unroute(url)
    type_in(page.get_by_label("Summary (optional)"), " on Thursdays")
    wait_past_the_pause(page)
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    assert saved(news)["summary"] == "Open late on Thursdays"


def test_a_first_time_editor_on_a_phone_and_a_slow_network_builds_and_publishes(
    browser, live_server, live_site, tmp_path
):
    lead = person_with_role(Role.SITE_LEAD, live_site, full_name="Laila Hussain")
    photo = tmp_path / "library.png"
    Image.new("RGB", (40, 30), "teal").save(photo)
    context, page = signed_in_on_a_phone(browser, live_server, lead)
    page.goto(f"{live_server.url}/sites/{live_site.slug}/edit/")
    slow_network(page)
    with no_failed_fetches(page):
        type_in(page.get_by_label("Title"), "Library opening times")
        page.get_by_label("Standard page").check()
        page.get_by_role("button", name="Start the page").click()
        text = page.get_by_role("group", name="Block 1: Text").get_by_role("textbox", name="Text")
        # On a slow network the editor's script may not be there yet: they type over the
        # starter line themselves (with the script, entering it selects it; see below).
        replace_in(text, "When the library is open.")
        add_block(page, "Image")
        image = page.get_by_role("group", name="Block 2: Image")
        image.get_by_label("Image", exact=True).set_input_files(str(photo))
        expect(image.get_by_role("img", name="The image in this block now")).to_be_visible()
        type_in(
            image.get_by_label("Alternative text (required unless the image is decorative)"),
            "The library's glass front door",
        )
        add_block(page, "Heading")
        heading = page.get_by_role("group", name="Block 3: Heading")
        type_in(heading.get_by_role("textbox", name="Heading", exact=True), "When we are open")
        page.get_by_role("button", name="Save and publish").click()
        expect(
            page.get_by_text("Published; residents see it once the site goes live.")
        ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    published = Page.objects.get(site__pilot_site=live_site, slug="library-opening-times")
    blocks = published.live.blocks
    assert [b["type"] for b in blocks] == ["text", "image", "heading"]
    assert blocks[0]["markdown"] == "When the library is open."
    assert blocks[2]["text"] == "When we are open"
    assert_accessible(page)
    context.close()


def test_two_tabs_on_one_page_show_both_versions_side_by_side(
    page, live_server, news, lead, sign_in
):
    sign_in(lead)
    url = editor_url(live_server, news)
    page.goto(url)
    other = page.context.new_page()
    other.goto(url)
    with no_failed_fetches(page), no_failed_fetches(other):
        type_in(other.get_by_label("Summary (optional)"), "Closed on Monday")
        wait_past_the_pause(other)
        expect(other.locator("#save-status")).to_contain_text("Saved at")
        type_in(page.get_by_label("Summary (optional)"), "Open late on Thursdays")
        wait_past_the_pause(page)
        expect(page.locator("#save-status")).to_contain_text("Not saved")
    page.get_by_role("button", name="Save draft").click()
    both = page.get_by_role("table", name="Your version and the saved one, side by side")
    expect(both).to_contain_text("Closed on Monday")
    expect(both).to_contain_text("Open late on Thursdays")
    expect(page.get_by_label("Summary (optional)")).to_have_value("Open late on Thursdays")
    assert_accessible(page)
    page.get_by_role("button", name="Save draft").click()  # keeps theirs as the newest
    expect(page.get_by_text("Saved at")).to_be_visible()
    assert saved(news)["summary"] == "Open late on Thursdays"


def test_going_back_to_the_editor_shows_what_was_saved_and_saves_again(
    page, live_server, news, lead, sign_in
):
    sign_in(lead)
    page.goto(editor_url(live_server, news))
    with no_failed_fetches(page):
        type_in(page.get_by_label("Summary (optional)"), "Open late")
        wait_past_the_pause(page)
        expect(page.locator("#save-status")).to_contain_text("Saved at")
        page.get_by_role("link", name=news.site.name).first.click()  # the site's dashboard
        page.go_back()
        expect(page.get_by_label("Summary (optional)")).to_have_value("Open late")
        type_in(page.get_by_label("Summary (optional)"), " on Thursdays")
        wait_past_the_pause(page)
        expect(page.locator("#save-status")).to_contain_text("Saved at")
        page.go_forward()
        page.go_back()
        expect(page.get_by_label("Summary (optional)")).to_have_value("Open late on Thursdays")
    assert saved(news)["summary"] == "Open late on Thursdays"


def test_typing_into_a_new_pages_starter_line_replaces_it(page, live_server, live_site, sign_in):
    lead = person_with_role(Role.SITE_LEAD, live_site)
    sign_in(lead)
    page.goto(f"{live_server.url}/sites/{live_site.slug}/edit/")
    type_in(page.get_by_label("Title"), "Parks")
    page.get_by_label("Standard page").check()
    page.get_by_role("button", name="Start the page").click()
    page.wait_for_load_state()  # the editor's script is there (before it, see the phone test)
    text = page.get_by_role("group", name="Block 1: Text").get_by_role("textbox", name="Text")
    expect(text).to_have_value("Write what this page is for, in a sentence or two.")
    type_in(text, "Where the parks are.")
    expect(text).to_have_value("Where the parks are.")


def test_a_refused_link_is_said_beside_its_field_while_the_draft_saves_itself(
    page, live_server, news, lead, sign_in
):
    sign_in(lead)
    page.goto(editor_url(live_server, news))
    add_block(page, "Call to action")
    cta = page.get_by_role("group", name="Block 2: Call to action")
    type_in(cta.get_by_role("textbox", name="Button text"), "Book a room")
    link = cta.get_by_role("combobox", name="Link")
    type_in(link, "javascript:alert(1)")
    wait_past_the_pause(page)
    expect(page.locator("#save-status")).to_contain_text("Not saved yet")
    beside = cta.locator(".invalid-feedback")
    expect(beside).to_have_text(
        "Enter a web address starting https://, or an address on this site starting /."
    )
    expect(link).to_have_attribute("aria-invalid", "true")
    expect(link).to_have_value("javascript:alert(1)")
    assert_accessible(page)

    link.press("ControlOrMeta+a")
    link.press_sequentially("https://example.org/rooms", delay=45)
    page.keyboard.press("Escape")
    wait_past_the_pause(page)
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    expect(beside).to_have_count(0)
    expect(link).not_to_have_attribute("aria-invalid", "true")
    assert saved(news)["blocks"][1]["url"] == "https://example.org/rooms"
