"""Every page of the foundation passes axe-core (WCAG 2.2 AA) with no violations."""

import pytest
from playwright.sync_api import expect

from programme.models import Role

from .conftest import assert_accessible, person_with_role

PUBLIC_PATHS = [
    "/",
    "/programme/sites/",
    "/programme/sites/kirklees/",
    "/accessibility/",
    "/privacy/",
    "/accounts/sign-in/",
    "/accounts/sign-up/",
    "/accounts/password/reset/",
    "/accounts/password/reset/sent/",
    "/accounts/password/reset/MQ/bad-token/",
    "/no-such-page/",
]
SIGNED_IN_PATHS = [
    "/accounts/profile/",
    "/accounts/password/",
    "/accounts/password/changed/",
    "/programme/sites/kirklees/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_have_no_axe_violations(page, live_server, live_site, path):
    page.goto(f"{live_server.url}{path}")
    assert_accessible(page)


@pytest.mark.parametrize("path", SIGNED_IN_PATHS)
def test_signed_in_pages_have_no_axe_violations(page, live_server, live_site, sign_in, path):
    sign_in(person_with_role(Role.SITE_LEAD, live_site))
    page.goto(f"{live_server.url}{path}")
    assert_accessible(page)


def test_the_locked_out_page_has_no_axe_violations(page, live_server, live_site, sign_in, settings):
    user = person_with_role(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(user, password="wrong")
    expect(page.get_by_role("heading", name="Too many attempts to sign in")).to_be_visible()
    assert_accessible(page)


def test_the_skip_link_is_first_and_moves_focus_to_the_main_content(page, live_server, live_site):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_admin_pages_coordinators_use_have_no_axe_violations(
    page, live_server, live_site, sign_in
):
    sign_in(person_with_role(Role.COORDINATOR))
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Programme administration")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/admin/programme/rolegrant/")
    assert_accessible(page)
