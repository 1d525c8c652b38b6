"""Commenting, replying and posting at a person's pace: on a phone, a slow network, typing a
key at a time, pressing the button with the cursor still in the text, and signed out in
another tab while writing. Every word arrives."""

from __future__ import annotations

from playwright.sync_api import expect

from policy_drafts import services
from policy_drafts.models import Comment
from programme.models import BuildStage, PilotSite, Role
from tests.factories import PASSWORD
from townhall.models import Post

from .conftest import assert_accessible, person_with_role, signed_in_on_a_phone
from .pace import PHONE, no_failed_fetches, slow_network, type_in
from .test_policy_journeys import _open_draft


def test_a_reply_typed_on_a_phone_survives_signing_out_in_another_tab(
    browser, live_server, live_site
):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    resident = person_with_role(None, full_name="Rosa Green")
    draft = _open_draft(coordinator)
    question = services.add_comment(
        author=coordinator,
        section=draft.versions.get().sections.get(heading="Speaking in a capacity"),
        capacity="coordinator",
        stance="question",
        body="Should members speak as residents too?",
    )
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
        other.close()
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
