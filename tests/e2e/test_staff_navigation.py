"""The coordinator's header: a handful of sections in one row on a laptop, short menus that
open by keyboard (not hover), one Menu button on a phone."""

from playwright.sync_api import expect

from programme.models import Role

from .conftest import assert_accessible, person_with_role


def test_the_coordinators_header_is_one_row_of_at_most_six_sections(
    page, live_server, live_site, sign_in
):
    sign_in(person_with_role(Role.COORDINATOR, full_name="Clara Ward"))
    for width in (1024, 1920):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/programme/")
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] < 70, (width, header)
        nav = page.locator("nav.vth-nav")
        sections = nav.locator(".vth-sections > li:not(.vth-account-item)").count()
        assert 3 <= sections <= 5  # and the account makes six at most
    assert_accessible(page)


def test_a_section_menu_opens_and_closes_by_keyboard(page, live_server, live_site, sign_in):
    sign_in(person_with_role(Role.COORDINATOR))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/programme/")
    programme = page.locator("nav.vth-nav summary", has_text="Programme")
    meetings = page.locator("nav.vth-nav").get_by_role("link", name="Meetings")
    expect(meetings).to_be_hidden()
    programme.focus()
    page.keyboard.press("Enter")
    expect(meetings).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(meetings).to_be_hidden()
    expect(programme).to_be_focused()
    programme.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("nav.vth-nav .vth-menu[open] a").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/programme/")


def test_a_phone_has_one_menu_button(page, live_server, live_site, sign_in):
    sign_in(person_with_role(Role.COORDINATOR))
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/programme/")
    expect(page.locator("nav.vth-nav")).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    menu = page.locator("details.vth-phone-menu")
    expect(menu.get_by_role("link", name="Meetings")).to_be_visible()
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)


def test_every_stage_of_the_recruitment_board_is_in_view_at_1280(
    page, live_server, live_site, sign_in
):
    from tests.ambassadors.conftest import ensure_menus

    ensure_menus()
    sign_in(person_with_role(Role.COORDINATOR))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/ambassadors/")
    columns = page.locator(".board-column")
    assert columns.count() >= 10
    for n in range(columns.count()):
        box = columns.nth(n).bounding_box()
        assert box["x"] >= 0, n
        assert box["x"] + box["width"] <= 1280, n
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_accessible(page)
