"""A link an ambassador shared, followed as residents follow links: on a phone, over a slow
network, three times (from Bluesky, again, then back and forward), and a place booked through
it, typed a key at a time. The site lead's reach page then shows exactly that, as charts and
tables axe finds nothing wrong with; the ambassador sees it on their own page; and no page the
resident only read sent them a cookie."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from programme.models import BuildStage, PilotSite, Role
from programme.services import reach as reach_services
from tests.workshops.conftest import plan
from workshops import services as workshop_services
from workshops.models import Registration

from .conftest import assert_accessible, person_with_role
from .pace import PHONE, slow_network, type_in

# A phone's browser as it says itself: a headless one would be left out as a robot.
PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def shared(live_site):
    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    workshop = workshop_services.publish_workshop(
        actor=coordinator, workshop=plan(coordinator, live_site, title="Meet the team", capacity=20)
    )
    ambassador = person_with_role(Role.AMBASSADOR, live_site, full_name="Amir Patel")
    code = reach_services.share_code_for(ambassador, live_site)
    return workshop, ambassador, code


def test_a_shared_link_to_a_place_booked_and_the_reach_page_shows_it(
    browser, page, live_server, live_site, shared, sign_in
):
    workshop, ambassador, code = shared
    link = f"{live_server.url}{workshop.get_absolute_url()}?via={code.code}&ch=bluesky"
    resident = browser.new_context(
        viewport=PHONE, user_agent=PHONE_BROWSER, locale="en-GB", timezone_id="Europe/London"
    )
    phone = resident.new_page()
    phone.set_default_timeout(20_000)
    slow_network(phone)
    cookies_sent: list[str] = []
    phone.on(
        "response",
        lambda r: cookies_sent.append(r.url) if "set-cookie" in r.all_headers() else None,
    )

    phone.goto(link, referer="https://bsky.app/profile/amir")
    expect(phone.get_by_role("heading", level=1, name="Meet the team")).to_be_visible()
    phone.reload()
    phone.get_by_role("link", name="Register").click()
    phone.go_back()
    phone.go_forward()
    phone.go_back()
    expect(phone.get_by_role("heading", level=1, name="Meet the team")).to_be_visible()
    # The form's own page may set the CSRF cookie; the page only read sets none.
    assert [u for u in cookies_sent if "/register/" not in u] == [], "reading set a cookie"

    phone.get_by_role("link", name="Register").click()
    type_in(phone.get_by_label("Your name"), "Rosa Green")
    type_in(phone.get_by_label("Email address"), "rosa@example.org")
    phone.get_by_label("a resident").check()
    phone.get_by_label("I agree to the privacy notice").check()
    phone.get_by_label("Email address").focus()  # pressing Register with the cursor in a field
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_role("heading", name="Check your email")).to_be_visible()
    assert Registration.objects.filter(workshop=workshop).count() == 1
    resident.close()

    lead = person_with_role(Role.SITE_LEAD, live_site, full_name="Laila Hussain")
    sign_in(lead)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/programme/reach/")
    weekly = page.get_by_role("table", name="Kirklees: each week's figures")
    total = weekly.locator("tfoot tr")
    # Views: the page three times (opened, reloaded, back); arrivals: those from outside
    # (the Bluesky link and the reload of it; back from the form is a move within the site).
    expect(total).to_contain_text("Total")
    cells = [c.strip() for c in total.locator("td").all_inner_texts()]
    views, arrivals, through_code, took_part = (int(c) for c in cells)
    assert views >= 3
    assert arrivals >= 2
    assert through_code == arrivals  # every arrival came through Amir's link
    assert took_part == 1
    sharers = page.get_by_role("table", name="What each share code brought, over 8 weeks")
    expect(sharers.get_by_role("row", name=f"Amir Patel {code.code}")).to_contain_text("1")
    expect(
        page.get_by_role("img", name="Kirklees: arrivals and taking part, week by week")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(ambassador)
    page.goto(f"{live_server.url}/ambassadors/me/")
    expect(page.get_by_text(f"your links were followed {arrivals} times")).to_be_visible()
    assert_accessible(page)
