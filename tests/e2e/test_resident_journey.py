"""A resident finds a town hall site from the front page and takes part, on a laptop and
on a phone, without a dead end; a visitor meets a site that is not live yet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from policy_drafts.models import Comment
from programme.models import BuildStage, PilotSite, Role
from tests.workshops.conftest import plan
from townhall import services as townhall_services
from townhall.models import Post
from townhall.permissions import site_for
from townhall.services import discussions
from workshops import services as workshop_services
from workshops.models import Registration

from ..factories import PASSWORD, PilotSiteFactory
from .conftest import assert_accessible, person_with_role
from .test_policy_journeys import _open_draft


@pytest.fixture
def kirklees(live_site):
    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    ambassador = person_with_role(Role.AMBASSADOR, live_site, full_name="Amir Patel")
    townhall = site_for(live_site.slug)
    news = townhall_services.create_page(
        actor=coordinator, site=townhall, kind="news", title="Library reopens on Monday"
    )
    townhall_services.save_revision(
        actor=coordinator,
        page=news,
        base=1,
        summary="New opening hours.",
        blocks=[{"type": "text", "markdown": "Open **every** day but Sunday."}],
    )
    news.refresh_from_db()
    townhall_services.publish(actor=coordinator, page=news)
    workshop_services.publish_workshop(
        actor=coordinator, workshop=plan(coordinator, live_site, title="Meet the team", capacity=20)
    )
    _open_draft(coordinator)
    discussions.start_discussion(
        author=ambassador,
        site=townhall,
        title="What should change about the 303 bus?",
        body="It is the route most people mention.",
        capacity="ambassador:kirklees",
    )
    return townhall


def go_to_section(page, width: int, name: str) -> None:
    """Use the site's navigation as a person would: on a phone, open the menu first."""
    if width < 992:
        page.get_by_text("Menu", exact=True).click()
        page.locator("details.th-menu").get_by_role("link", name=name, exact=True).click()
    else:
        page.locator(".th-nav-list.d-lg-flex").get_by_role("link", name=name, exact=True).click()


def test_a_resident_finds_the_site_reads_searches_registers_comments_and_posts(
    page, live_server, kirklees, width
):
    resident = person_with_role(None, full_name="Rosa Green")
    page.goto(live_server.url)
    page.locator('main a[href="/sites/kirklees/"]').first.click()
    expect(page.get_by_role("heading", level=1, name=kirklees.name)).to_be_visible()
    assert_accessible(page)

    go_to_section(page, width, "News")
    expect(page.get_by_role("heading", level=1, name="News")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Library reopens on Monday").click()
    expect(page.get_by_text("Published")).to_be_visible()
    assert_accessible(page)

    search = page.get_by_role("searchbox", name=f"Search {kirklees.name}")
    search.fill("bus")
    search.press("Enter")
    expect(page.get_by_role("heading", name="Discussions")).to_be_visible()
    expect(page.get_by_role("link", name="What should change about the 303 bus?")).to_be_visible()
    assert_accessible(page)

    # Registering: part way through, they sign in, and the form comes back as they left it.
    go_to_section(page, width, "Workshops and events")
    assert_accessible(page)
    page.get_by_role("link", name="Register for Meet the team").click()
    page.get_by_label("a resident", exact=True).check()
    page.get_by_label("Accessibility needs").fill("Step-free access, please")
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Sign in first, keeping what you typed").click()
    expect(page.get_by_role("heading", name="Sign in to save your work")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Send what I wrote").click()
    registration = Registration.objects.get(person=resident)
    assert registration.accessibility_needs == "Step-free access, please"

    # Have your say, from the site's navigation.
    page.goto(f"{live_server.url}/sites/kirklees/")
    go_to_section(page, width, "Have your say")
    assert_accessible(page)
    page.get_by_role("link", name="Social web policy").first.click()
    section = page.get_by_role("region", name="Speaking in a capacity")
    section.get_by_text("Comment on “Speaking in a capacity”").click()
    section.get_by_label("Support", exact=True).check()
    section.get_by_label("Your comment").fill("Plain words, please.")
    section.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    assert Comment.objects.filter(author=resident).exists()

    # Discussions: their first post waits for an ambassador, and they are told.
    page.goto(f"{live_server.url}/sites/kirklees/")
    go_to_section(page, width, "Discussions")
    page.get_by_role("link", name="What should change about the 303 bus?").click()
    page.get_by_label("Your reply").fill("Run it after 7pm.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("an ambassador will check it")).to_be_visible()
    assert Post.objects.filter(author=resident, approved_at__isnull=True).exists()
    assert_accessible(page)


def test_a_visitor_writes_before_signing_in_and_keeps_every_word(
    page, live_server, kirklees, width
):
    resident = person_with_role(None, full_name="Rosa Green")
    page.goto(f"{live_server.url}/sites/kirklees/discussions/")
    page.get_by_role("link", name="What should change about the 303 bus?").click()
    # Only read, the discussion holds no form (and sets no cookie): the reply has its page.
    assert_accessible(page)
    page.get_by_role("link", name="Reply to this discussion").click()
    assert_accessible(page)
    page.get_by_label("Your reply").fill("Buses every ten minutes on Saturdays.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Send what I wrote").click()
    expect(page.get_by_text("an ambassador will check it")).to_be_visible()
    assert Post.objects.get(author=resident).body == "Buses every ten minutes on Saturdays."


def test_keyboard_focus_on_the_site_shows_yellow_and_black(page, live_server, kirklees, width):
    page.goto(f"{live_server.url}/sites/kirklees/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name, in its colour band
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.className, s.backgroundColor, s.color]; }"
    )
    assert focused == ["th-brand", "rgb(255, 221, 0)", "rgb(11, 12, 12)"]


def test_a_visitor_meets_a_site_that_is_not_live_yet(page, live_server, kirklees, width):
    PilotSiteFactory.create(name="Chorley", slug="chorley", council_name="Chorley Council")
    page.goto(live_server.url)
    expect(page.get_by_text("Coming soon").first).to_be_visible()
    page.goto(f"{live_server.url}/sites/chorley/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("is coming soon")
    assert_accessible(page)
    page.get_by_role("link", name="Apply to be a community ambassador for Chorley").click()
    expect(page.get_by_label("Your council")).to_have_value(
        str(PilotSite.objects.get(slug="chorley").pk)
    )


@pytest.mark.parametrize(
    "path", ["", "around/", "get-involved/", "tags/", "about/accessibility/", "search/?q=zzz"]
)
def test_site_pages_have_no_axe_violations_for_residents_and_staff(
    page, live_server, kirklees, width, sign_in, path
):
    page.goto(f"{live_server.url}/sites/kirklees/{path}")
    assert_accessible(page)
    sign_in(person_with_role(Role.SITE_LEAD, kirklees.pilot_site))
    page.goto(f"{live_server.url}/sites/kirklees/{path}")
    expect(page.get_by_text("You are seeing this site as its editor")).to_be_visible()
    assert_accessible(page)
