"""Sign up, sign out, sign in, and edit the civic persona, in a real browser."""

import re

from django.core import mail
from playwright.sync_api import expect

from programme.models import Role, User
from tests.matching import found

from .conftest import assert_accessible, person_with_role


def test_sign_up_then_sign_out_and_in_again(page, live_server, live_site):
    page.goto(live_server.url)
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Full name").fill("Nadia Khan")
    page.get_by_label("Email address").fill("nadia@example.org")
    page.get_by_role("textbox", name="Password", exact=True).fill("a-very-good-password-8")
    page.get_by_label("Password again").fill("a-very-good-password-8")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)
    user = User.objects.get(email="nadia@example.org")
    assert user.email_confirmed_at is None

    # Follow the link in the email: the page asks before confirming anything.
    link = found(r"https?://\S+/accounts/confirm/\S+/", mail.outbox[-1].body)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_text("nadia@example.org is confirmed")).to_be_visible()

    page.get_by_label("Email address").fill("NADIA@example.org")
    page.get_by_label("Password").fill("a-very-good-password-8")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name=re.compile("Nadia Khan"))).to_be_visible()
    user.refresh_from_db()
    assert user.is_confirmed

    page.get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()


def test_a_sign_up_with_errors_shows_a_summary_that_links_to_the_fields(
    page, live_server, live_site
):
    page.goto(f"{live_server.url}/accounts/sign-up/")
    page.get_by_label("Full name").fill("Nadia Khan")
    page.get_by_label("Email address").fill("not-an-address")
    page.get_by_role("button", name="Create account").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("Email address")).click()
    expect(page.get_by_label("Email address")).to_be_focused()
    expect(page.get_by_label("Full name")).to_have_value("Nadia Khan")
    assert_accessible(page)


def test_a_wrong_password_is_reported_on_the_form(page, live_server, live_site, sign_in):
    user = person_with_role(None)
    sign_in(user, password="not-the-password")

    expect(page.locator("#error-summary")).to_contain_text("do not match an account")
    expect(page.get_by_label("Email address")).to_have_value(user.email)


def test_editing_the_civic_persona_by_keyboard(page, live_server, live_site, sign_in):
    officer = person_with_role(Role.OFFICER, live_site, full_name="Owen Bright")
    sign_in(officer)
    page.goto(f"{live_server.url}/accounts/profile/")

    page.get_by_label("Display name").focus()
    page.keyboard.type("Owen B.")
    page.keyboard.press("Tab")
    page.keyboard.type("I look after the council website.")
    page.get_by_label("Officer, Kirklees").check()
    page.get_by_role("button", name="Save profile").press("Enter")

    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    preview = page.get_by_role("region", name="How others see you")
    expect(preview).to_contain_text("Owen B.")
    expect(preview).to_contain_text("Officer, Kirklees")
    expect(preview).to_contain_text("I look after the council website.")
    expect(page.get_by_text("Officer of Kirklees Council")).to_be_visible()
    assert_accessible(page)


def test_keyboard_focus_is_yellow_and_black_wherever_it_lands(page, live_server, live_site):
    """GOV.UK's focus style: at least 3:1 against anything, unlike Bootstrap's glow."""
    page.goto(live_server.url)
    for _ in range(4):  # the skip link, then the header's links
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.backgroundColor, s.boxShadow, s.outlineStyle, s.outlineColor]; }"
        )
        tag = page.evaluate("() => document.activeElement.tagName")
        if tag == "A":
            assert style[0] == "rgb(255, 221, 0)", style
            assert "rgb(11, 12, 12)" in style[1], style
        else:
            assert style[2] == "solid", style
            assert style[3] == "rgb(11, 12, 12)", style
