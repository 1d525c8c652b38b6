"""Commenting, replying and posting at a person's pace: on a phone, a slow network, typing a
key at a time, pressing the button with the cursor still in the text, and signed out in
another tab while writing. Every word arrives."""

from __future__ import annotations

from playwright.sync_api import expect

from policy_drafts.models import Comment
from programme.models import BuildStage, PilotSite, Role
from tests.factories import PASSWORD
from townhall.models import Post

from .conftest import assert_accessible, person_with_role, signed_in_on_a_phone
from .pace import PHONE, no_failed_fetches, slow_network, type_in
from .test_policy_journeys import _ask, _open_draft


def test_a_reply_typed_on_a_phone_survives_signing_out_in_another_tab(
    browser, live_server, live_site
):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    resident = person_with_role(None, full_name="Rosa Green")
    draft = _open_draft(coordinator)
    question = _ask(coordinator, draft)
    context, page = signed_in_on_a_phone(browser, live_server, resident)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    slow_network(page)
    with no_failed_fetches(page):
        page.get_by_role("link", name="Reply to Clara Ward").click()
        reply = page.get_by_label("Your reply")
        type_in(reply, "Yes, when they say so")
        # Signed out in another tab while still writing.
        other = context.new_page()
        other.goto(f"{live_server.url}/")
        other.locator("summary", has_text="Menu").click()  # a phone's folded menu
        other.get_by_role("button", name="Sign out").click()
        expect(other.get_by_role("link", name="Sign in").first).to_be_visible()
        # Back to the first tab, as a person switches tabs; closing a tab mid-navigation
        # could hang Chromium's close for good, so the tab stays open until the context goes.
        page.bring_to_front()
        type_in(reply, ", and the comment says so.")
        page.get_by_role("button", name="Post reply").click()  # the cursor still in the reply
    expect(page.get_by_role("heading", name="Sign in to save your work")).to_be_visible()
    page.locator("summary", has_text="What you wrote").click()  # kept, folded under the form
    expect(page.get_by_text("Yes, when they say so, and the comment says so.")).to_be_visible()
    assert_accessible(page)
    type_in(page.get_by_label("Email address"), resident.email)
    type_in(page.get_by_label("Password"), PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Send what I wrote").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    assert (
        Comment.objects.get(parent=question).body
        == "Yes, when they say so, and the comment says so."
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_a_discussion_started_on_a_phone_at_a_persons_pace_arrives_whole(
    browser, live_server, live_site
):
    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    resident = person_with_role(None, full_name="Rosa Green")
    context, page = signed_in_on_a_phone(browser, live_server, resident)
    page.goto(f"{live_server.url}/sites/{live_site.slug}/discussions/")
    slow_network(page)
    with no_failed_fetches(page):
        type_in(page.get_by_label("Title"), "The 303 bus")
        type_in(page.get_by_label("Your post"), "It is always late on Mondays.")
        page.get_by_role("button", name="Post", exact=True).click()  # the cursor in the post
    expect(page.get_by_role("heading", name="The 303 bus")).to_be_visible()
    assert Post.objects.get().body == "It is always late on Mondays."
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    context.close()


def test_an_application_typed_on_a_phone_comes_back_whole_when_refused_then_arrives(
    browser, live_server, live_site
):
    from ambassadors.demo import ensure_menus
    from ambassadors.models import Application

    ensure_menus()
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/ambassadors/apply/?site={live_site.slug}")
    slow_network(page)
    motivation = "I run the residents' newsletter.\nAnd the allotment group's page."
    with no_failed_fetches(page):
        type_in(page.get_by_label("Your name"), "Nadia Khan")
        type_in(page.get_by_label("Email address"), "nadia@example.org")
        type_in(page.get_by_label("Your neighbourhood"), "Lindley")
        page.get_by_label("Spreading the word").check()
        type_in(page.get_by_label("Why you want to take part"), motivation)
        # The privacy notice not agreed to, and Send pressed with the cursor still in the text.
        page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Why you want to take part")).to_have_value(motivation)
    expect(page.get_by_label("Your neighbourhood")).to_have_value("Lindley")
    expect(page.get_by_label("Spreading the word")).to_be_checked()
    assert not Application.objects.exists()
    assert_accessible(page)
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()
    page.go_back()  # back to the form, and forward again: nothing is sent twice
    page.go_forward()
    application = Application.objects.get()
    # A browser sends a textarea's line breaks as CRLF, as the HTML standard has it.
    assert application.motivation.replace("\r\n", "\n") == motivation
    assert application.site == live_site
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
