"""An ambassador opens their share kit on a phone, copies the Bluesky post for a workshop
and finds it on the clipboard, with their own link; the page is accessible (#27)."""

from __future__ import annotations

from playwright.sync_api import expect

from programme.models import BuildStage, PilotSite, Role, ShareCode
from tests.workshops.conftest import plan
from workshops import services as workshop_services

from ..factories import PASSWORD
from .conftest import assert_accessible, person_with_role
from .pace import PHONE, type_in


def test_an_ambassador_copies_the_bluesky_post_on_a_phone(browser, live_server, live_site):
    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    ambassador = person_with_role(Role.AMBASSADOR, live_site, full_name="Amir Patel")
    workshop_services.publish_workshop(
        actor=coordinator,
        workshop=plan(coordinator, live_site, title="Meet the local bloggers"),
    )
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Europe/London")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/sign-in/?next=/ambassadors/me/")
        type_in(page.get_by_label("Email address"), ambassador.email)
        type_in(page.get_by_label("Password"), PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your ambassador page")).to_be_visible()
        page.get_by_role("link", name="Open your share kit").click()
        expect(page.get_by_role("heading", name="Share Kirklees", exact=True)).to_be_visible()
        code = ShareCode.objects.get(person=ambassador, revoked_at__isnull=True).code
        expect(page.get_by_text(f"Your code: {code}")).to_be_visible()

        workshop = page.get_by_role("article").filter(has_text="Meet the local bloggers")
        workshop.locator("summary", has_text="Bluesky").click()  # opens its post
        post = workshop.get_by_label("Post for Bluesky")
        expect(post).to_be_visible()
        copy = workshop.get_by_role("button", name="Copy the Bluesky post")
        expect(copy).to_be_visible()  # shown by the script; hidden without it
        copy = workshop.locator("button[data-copy$='-bluesky']")  # its name says Copied next
        copy.focus()
        page.keyboard.press("Enter")  # by keyboard, as anyone may
        expect(page.locator("#copy-status")).to_have_text("Copied")
        expect(copy).to_contain_text("Copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == post.input_value()
        assert "Come along to Meet the local bloggers" in copied
        assert copied.endswith(f"?via={code}&ch=bluesky")
        assert len(copied) <= 300
        # Nothing wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page)
    finally:
        context.close()
