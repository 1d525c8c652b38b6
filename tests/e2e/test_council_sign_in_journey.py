"""An elected member signs in with their council account on a phone, and out again from both.

The council's identity provider is a real one (oidc-provider from npm) on loopback, with its
own page where the member picks their account; nothing of the protocol is stubbed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from programme.models import Role

from ..oidc_provider import configure, openid_provider
from .conftest import assert_accessible, person_with_role
from .pace import PHONE


@pytest.fixture
def council(live_server, settings):
    with openid_provider(live_server.url) as issuer:
        configure(settings, issuer)
        yield issuer


def test_a_member_signs_in_with_the_council_account_and_out_of_both(
    browser, live_server, live_site, council
):
    member = person_with_role(
        Role.ELECTED_MEMBER,
        live_site,
        full_name="Margaret Lee",
        email="margaret.lee@kirklees.gov.uk",
    )
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next="))
    assert_accessible(page)
    page.get_by_role("link", name="Sign in with your council account").click()

    # The council's page (sign-in, then consent), on the provider's own host.
    expect(page.get_by_role("heading", name="Council sign-in")).to_be_visible()
    assert page.url.startswith(council)
    page.get_by_role("link", name="Continue as member").click()
    if page.url.startswith(council):
        page.get_by_role("link", name="Continue as member").click()

    # Back here, where they were going, as the account they already had.
    expect(page).to_have_url(f"{live_server.url}/accounts/profile/")
    expect(page.get_by_label("Full name")).to_have_value("Margaret Lee")
    assert_accessible(page)
    assert page.context.cookies(live_server.url)  # a session here
    member.refresh_from_db()
    assert member.role_grants.get().role == Role.ELECTED_MEMBER

    # Signing out here moves on to the provider's own sign-out, then home.
    page.locator("summary", has_text="Menu").click()  # a phone's folded menu
    page.get_by_role("button", name="Sign out").first.click()
    expect(page).to_have_url(re.compile(re.escape(f"{council}/session/end")))
    page.get_by_role("button", name=re.compile("sign me out", re.IGNORECASE)).click()
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/"))
    context.close()


def test_a_refused_sign_in_is_explained_on_the_sign_in_page(page, live_server, live_site, council):
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_role("link", name="Sign in with your council account").click()
    page.get_by_role("link", name="Continue as outsider").click()
    if page.url.startswith(council):
        page.get_by_role("link", name="Continue as outsider").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/sign-in/")
    expect(page.get_by_role("status")).to_contain_text(
        "Accounts at example.com cannot sign in here"
    )
    # The email form is still there to use.
    expect(page.get_by_label("Email address")).to_be_visible()
    assert_accessible(page)
