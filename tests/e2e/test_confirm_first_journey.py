"""An account not confirmed yet takes part only once it confirms (issue #24), at a person's
pace on a phone: what it wrote is kept, shown back, and sent once the address is confirmed."""

from __future__ import annotations

from django.core import mail
from playwright.sync_api import expect

from programme.models import BuildStage, PilotSite
from tests.matching import found
from townhall.models import Discussion

from .conftest import assert_accessible, person_with_role, signed_in_on_a_phone
from .pace import PHONE, no_failed_fetches, slow_network, type_in


def test_an_unconfirmed_account_confirms_first_and_its_discussion_arrives_whole(
    browser, live_server, live_site
):
    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    newcomer = person_with_role(None, full_name="Nadia Khan", email_confirmed_at=None)
    context, page = signed_in_on_a_phone(browser, live_server, newcomer)
    page.goto(f"{live_server.url}/sites/{live_site.slug}/discussions/")
    slow_network(page)
    with no_failed_fetches(page):
        type_in(page.get_by_label("Title"), "The 303 bus")
        type_in(page.get_by_label("Your post"), "It is always late on Mondays.")
        page.get_by_role("button", name="Post", exact=True).click()  # the cursor in the post
    expect(page.get_by_role("heading", name="Confirm your email address first")).to_be_visible()
    assert not Discussion.objects.filter(title="The 303 bus").exists()
    page.locator("summary", has_text="What you wrote").click()
    expect(page.get_by_text("It is always late on Mondays.")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("button", name="Email me the link again").click()
    expect(page.get_by_text(f"We have sent a new link to {newcomer.email}")).to_be_visible()
    link = found(r"https?://\S+?(/accounts/confirm/\S+)", mail.outbox[-1].body, 1)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("heading", name="Your email address is confirmed")).to_be_visible()
    page.get_by_role("button", name="Send what I wrote").click()
    expect(page.get_by_role("heading", name="The 303 bus")).to_be_visible()
    discussion = Discussion.objects.get(title="The 303 bus")
    assert discussion.posts.get().body == "It is always late on Mondays."
    context.close()
