"""A resident who arrives at Kirklees's site and follows its own links stays on it: to a
workshop and registering, to commenting on a consultation, to applying as an ambassador, to
creating an account and back. Every page carries the site's header, its search and its
sections, not the programme's; on a laptop and on a phone, at a person's pace, axe clean and
never wider than the screen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from policy_drafts import services as draft_services
from programme.models import BuildStage, PilotSite, Role
from tests.policy_drafts.conftest import SECTIONS
from tests.workshops.conftest import plan
from townhall.permissions import site_for
from workshops import services as workshop_services
from workshops.models import Workshop

from .conftest import assert_accessible, person_with_role
from .pace import type_in
from .test_resident_journey import go_to_section


@pytest.fixture
def kirklees(live_site):
    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    workshop_services.publish_workshop(
        actor=coordinator, workshop=plan(coordinator, live_site, title="Meet the team", capacity=20)
    )
    draft = draft_services.create_draft(
        actor=coordinator, title="Kirklees social web policy", sections=SECTIONS, site=live_site
    )
    draft_services.publish_version(actor=coordinator, draft=draft, change_note="")
    draft_services.set_status(actor=coordinator, draft=draft, status="open")
    return site_for(live_site.slug)


def in_the_councils_frame(page: Page, townhall, width: int) -> None:
    """The site's own header and search are there, the programme's are not, the page is
    whole for axe, and nothing makes the page wider than the screen."""
    expect(page.get_by_role("searchbox", name=f"Search {townhall.name}")).to_be_visible()
    expect(page.locator(".vth-brand")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    assert_accessible(page)


def test_a_resident_stays_on_the_councils_site_from_arrival_to_what_they_came_for(
    page, live_server, kirklees, width
):
    page.goto(f"{live_server.url}/sites/kirklees/")
    go_to_section(page, width, "Workshops and events")
    page.get_by_role("link", name="Meet the team", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Meet the team")).to_be_visible()
    in_the_councils_frame(page, kirklees, width)
    # The breadcrumbs lead back to the site's section, not the programme's staff table.
    expect(
        page.get_by_role("navigation", name="Breadcrumb").get_by_role(
            "link", name="Workshops and events"
        )
    ).to_be_visible()

    page.get_by_role("link", name="Register", exact=True).click()
    in_the_councils_frame(page, kirklees, width)
    type_in(page.get_by_label("Your name"), "Rosa Green")
    type_in(page.get_by_label("Email address"), "rosa@example.org")
    page.get_by_label("a resident").check()
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    in_the_councils_frame(page, kirklees, width)

    page.goto(f"{live_server.url}/sites/kirklees/")
    go_to_section(page, width, "Have your say")
    page.get_by_role("link", name="Kirklees social web policy").first.click()
    in_the_councils_frame(page, kirklees, width)

    page.goto(f"{live_server.url}/sites/kirklees/")
    go_to_section(page, width, "Get involved")
    page.get_by_role("link", name="Apply to be a community ambassador for Kirklees").click()
    expect(page.get_by_role("heading", name="Become a community ambassador")).to_be_visible()
    in_the_councils_frame(page, kirklees, width)

    # Creating an account from the site's header, and back to where they were.
    page.goto(f"{live_server.url}/sites/kirklees/events/")
    page.get_by_role("link", name="Create an account").click()
    in_the_councils_frame(page, kirklees, width)
    type_in(page.get_by_label("Full name"), "Rosa Green")
    type_in(page.get_by_label("Email address"), "rosa.green@example.org")
    type_in(
        page.get_by_role("textbox", name="Password", exact=True), "a long and memorable phrase 42"
    )
    type_in(page.get_by_label("Password again"), "a long and memorable phrase 42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    in_the_councils_frame(page, kirklees, width)


def test_a_signed_in_resident_comments_on_the_sites_consultation_in_its_frame(
    page, live_server, kirklees, width, sign_in
):
    sign_in(person_with_role(None, full_name="Rosa Green"))
    page.goto(f"{live_server.url}/sites/kirklees/")
    go_to_section(page, width, "Have your say")
    page.get_by_role("link", name="Kirklees social web policy").first.click()
    section = page.get_by_role("region", name="Speaking in a capacity")
    section.get_by_text("Comment on “Speaking in a capacity”").click()
    section.get_by_label("Support", exact=True).check()
    type_in(section.get_by_label("Your comment"), "Plain words, please.")
    section.get_by_role("button", name="Post comment").click()  # the cursor still in the text
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    in_the_councils_frame(page, kirklees, width)


def test_reading_the_privacy_notice_midway_loses_nothing_typed(page, live_server, kirklees):
    """Asked to agree to the privacy notice, a person goes to read it with the form half
    filled: it opens beside the form, the site's own, and what they typed is still there."""
    workshop = Workshop.objects.get(title="Meet the team")
    page.goto(live_server.url + reverse("workshops:register", args=[workshop.slug]))
    type_in(page.get_by_label("Your name"), "Rosa Green")
    type_in(page.get_by_label("Email address"), "rosa@example.org")
    # The cursor is still in the email field when they click the link.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="privacy notice (opens in a new tab)").click()
    notice = opened.value
    notice.wait_for_load_state()
    expect(notice.get_by_role("heading", level=1)).to_have_text(
        f"Privacy notice for {kirklees.name}"
    )
    notice.close()
    expect(page.get_by_label("Your name")).to_have_value("Rosa Green")
    expect(page.get_by_label("Email address")).to_have_value("rosa@example.org")
    page.get_by_label("a resident").check()
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
