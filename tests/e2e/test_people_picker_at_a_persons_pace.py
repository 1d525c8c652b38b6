"""The people picker at a person's pace: a name typed a key at a time, the send button pressed
with the cursor still in the search box and its matches open."""

from __future__ import annotations

from playwright.sync_api import expect

from programme.models import Role
from workshops.models import Invitation

from .conftest import assert_accessible, person_with_role
from .pace import PHONE, type_in
from .test_workshop_journeys import _workshop


def test_a_name_typed_but_not_chosen_is_said_beside_the_picker_then_chosen_and_sent(
    page, live_server, live_site, sign_in
):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Dawson")
    member = person_with_role(Role.ELECTED_MEMBER, live_site, full_name="Margaret Lee")
    workshop = _workshop(coordinator, live_site, access="invitation")
    page.set_viewport_size(PHONE)
    sign_in(coordinator)
    page.goto(f"{live_server.url}/workshops/{workshop.slug}/invite/")
    search = page.get_by_role("combobox", name="Invite these people")
    type_in(search, "Marg")
    expect(
        page.get_by_role("option", name="Margaret Lee (Elected member, Kirklees)")
    ).to_be_visible()
    page.get_by_role("button", name="Send invitations").click()  # its matches still open

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    beside = page.locator("#id_people_error")
    expect(beside).to_be_visible()
    expect(beside).to_contain_text("You typed “Marg” but did not choose anyone")
    expect(search).to_have_value("Marg")
    assert not Invitation.objects.exists()
    assert_accessible(page)

    search.press("End")
    search.press_sequentially("a", delay=45)
    expect(
        page.get_by_role("option", name="Margaret Lee (Elected member, Kirklees)")
    ).to_be_visible()
    search.press("ArrowDown")
    search.press("Enter")
    expect(
        page.get_by_role("checkbox", name="Margaret Lee (Elected member, Kirklees)")
    ).to_be_checked()
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("1 invitation sent.")).to_be_visible()
    assert Invitation.objects.get().person == member
