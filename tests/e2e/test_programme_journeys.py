"""Coordinators run the pilot: meetings and actions, and every programme page passes axe."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from programme.models import ActionItem, AuditCategory, AuditEntry, Reply, Role, RoundKind
from programme.services import evaluation, meetings, updates
from tests.factories import PilotSiteFactory

from .conftest import assert_accessible, person_with_role


def test_a_coordinator_records_a_meeting_with_two_actions_and_the_owner_sees_theirs(
    page, live_server, live_site, sign_in
):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    officer = person_with_role(Role.OFFICER, live_site, full_name="Owen Bright")
    sign_in(coordinator)

    page.goto(f"{live_server.url}/programme/meetings/")
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Title").fill("Third project meeting")
    page.get_by_label("Starts").fill("2026-12-01T10:00")
    page.get_by_label("Ends").fill("2026-12-01T12:00")
    page.get_by_label("Place").fill("Huddersfield Town Hall")
    # The attendees picker, by keyboard alone: type, arrow down, Enter.
    attendees = page.get_by_role("combobox", name="Attendees")
    attendees.fill("owe")
    expect(page.get_by_role("option", name="Owen Bright (Officer, Kirklees)")).to_be_visible()
    assert_accessible(page)  # with the list of matches open
    attendees.press("ArrowDown")
    expect(attendees).to_have_attribute(
        "aria-activedescendant", f"id_attendees_option_{officer.pk}"
    )
    attendees.press("Enter")
    expect(page.get_by_role("checkbox", name="Owen Bright (Officer, Kirklees)")).to_be_checked()
    expect(page.get_by_role("listbox", name="People who match")).to_be_hidden()
    expect(attendees).to_have_value("")
    page.get_by_label("Kirklees", exact=True).check()
    page.get_by_label("Agenda").fill("1. The audit\n2. Ambassadors")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", name="Third project meeting")).to_be_visible()
    assert_accessible(page)
    assert officer.meetings_attended.get().title == "Third project meeting"

    for title in ("Book the internal workshop", "Send the audit to the coordinator"):
        page.get_by_label("What").fill(title)
        page.get_by_role("combobox", name="Owner").fill("bright")
        page.get_by_role("option", name="Owen Bright (Officer, Kirklees)").click()
        page.get_by_label("Site").select_option(label="Kirklees")
        page.get_by_role("button", name="Add action").click()
        expect(page.get_by_text("Action added.")).to_be_visible()

    page.get_by_role("button", name="Mark done: Send the audit to the coordinator").click()
    expect(page.get_by_text("marked done")).to_be_visible()
    assert ActionItem.objects.get(title="Send the audit to the coordinator").status == "done"

    page.get_by_role("button", name="Sign out").click()
    sign_in(officer)
    page.goto(f"{live_server.url}/programme/actions/mine/")
    table = page.get_by_role("table")
    expect(table.get_by_text("Book the internal workshop")).to_be_visible()
    expect(table.get_by_role("row", name="Send the audit to the coordinator")).to_contain_text(
        "Done"
    )
    assert_accessible(page)


@pytest.fixture
def programme_data(live_site):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    ambassador = person_with_role(Role.AMBASSADOR, live_site, full_name="Amir Patel")
    resident = person_with_role(None, full_name="Rosa Green")
    meeting = meetings.record_meeting(
        actor=coordinator,
        title="First project meeting",
        place="Online",
        sites=[live_site],
        starts_at=timezone.now() - dt.timedelta(days=3),
        minutes="We **met**.",
    )
    meetings.raise_action(
        actor=coordinator,
        title="Late action",
        owner=coordinator,
        site=live_site,
        meeting=meeting,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    update = updates.write_update(
        actor=coordinator, title="News from the pilot", body="Text", publish=True, meeting=meeting
    )
    reply = updates.reply_to_update(
        author=resident, update=update, body="A reply", capacity="resident"
    )
    AuditEntry.objects.create(
        site=live_site,
        category=AuditCategory.NEWS,
        name="Examiner",
        url="https://e.example",
        relationship=2,
    )
    survey_round = evaluation.open_round(actor=coordinator, site=live_site, kind=RoundKind.BASELINE)
    link = evaluation.make_links(actor=coordinator, survey_round=survey_round, count=1)[0]
    return {
        "coordinator": coordinator,
        "ambassador": ambassador,
        "meeting": meeting,
        "update": update,
        "reply": reply,
        "round": survey_round,
        "link": link,
    }


def test_every_programme_page_has_no_axe_violations(page, live_server, sign_in, programme_data):
    data = programme_data
    reply_type = ContentType.objects.get_for_model(Reply).pk
    public = [
        data["update"].get_absolute_url(),
        "/programme/updates/",
        data["link"].get_absolute_url(),
        data["round"].get_absolute_url(),
    ]
    for path in public:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)

    sign_in(data["coordinator"])
    coordinator_pages = [
        "/",
        "/programme/",
        "/programme/sites/",
        "/programme/sites/kirklees/",
        "/programme/strands/",
        "/programme/meetings/",
        data["meeting"].get_absolute_url(),
        f"/programme/meetings/{data['meeting'].pk}/edit/",
        "/programme/meetings/new/",
        "/programme/actions/",
        "/programme/actions/?overdue=true",
        "/programme/actions/mine/",
        "/programme/actions/new/",
        "/programme/updates/",
        "/programme/updates/new/",
        data["update"].get_absolute_url(),
        f"/programme/updates/{data['update'].slug}/edit/",
        "/programme/audit/",
        "/programme/audit/add/",
        "/programme/audit/import/",
        "/programme/evaluation/",
        f"/programme/evaluation/rounds/{data['round'].pk}/links/",
        "/programme/moderation/",
        f"/programme/moderation/{reply_type}/{data['reply'].pk}/hide/",
        f"/programme/moderation/{reply_type}/{data['reply'].pk}/report/",
    ]
    for path in coordinator_pages:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)


def test_an_audit_import_shows_its_row_errors_accessibly(
    page, live_server, sign_in, programme_data, tmp_path
):
    bad = tmp_path / "audit.csv"
    bad.write_text("category,name,url\nGossip,Rumour mill,https://rumour.example.org\n")
    sign_in(programme_data["coordinator"])
    page.goto(f"{live_server.url}/programme/audit/import/")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_text("nothing will be imported")).to_be_visible()
    assert_accessible(page)


def test_an_ambassador_hides_a_reply_and_it_shows_as_hidden(
    page, live_server, sign_in, programme_data
):
    sign_in(programme_data["ambassador"])
    page.goto(f"{live_server.url}{programme_data['update'].get_absolute_url()}")
    page.get_by_role("link", name="Hide this reply").click()
    page.get_by_label("Reason for hiding").fill("Off topic")
    page.get_by_role("button", name="Hide this").click()
    expect(page.get_by_text("Hidden by a moderator")).to_be_visible()
    expect(page.get_by_text("Reason: Off topic")).to_be_visible()
    assert_accessible(page)


def test_people_pickers_offer_only_who_fits_and_one_person_fields_keep_one(
    page, live_server, live_site, sign_in
):
    chorley = PilotSiteFactory.create(name="Chorley", slug="chorley")
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    person_with_role(Role.OFFICER, live_site, full_name="Olu Kirk")
    person_with_role(Role.OFFICER, chorley, full_name="Olive Chorley")
    friend = person_with_role(Role.CRITICAL_FRIEND, full_name="Olga Friend")
    person_with_role(None, full_name="Ola Resident")
    sign_in(coordinator)

    # Facilitators: people at the site chosen in the same form, or programme-wide.
    page.goto(f"{live_server.url}/workshops/new/")
    page.get_by_label("Site").select_option(label="Kirklees")
    facilitators = page.get_by_role("combobox", name="Facilitators")
    facilitators.fill("ol")
    options = page.get_by_role("listbox", name="People who match").get_by_role("option")
    expect(options).to_have_count(2)
    expect(options).to_have_text(["Olga Friend (Critical friend)", "Olu Kirk (Officer, Kirklees)"])
    facilitators.press("Escape")
    expect(options.first).to_be_hidden()
    expect(facilitators).to_have_attribute("aria-expanded", "false")
    page.get_by_label("Site").select_option(label="Chorley")
    facilitators.fill("oli")
    expect(page.get_by_role("option", name="Olive Chorley (Officer, Chorley)")).to_be_visible()
    facilitators.press("Enter")  # the only match
    expect(page.get_by_role("checkbox", name="Olive Chorley (Officer, Chorley)")).to_be_checked()
    # Enter in another box sends the form (its errors show), not the picker's Find.
    page.get_by_role("textbox", name="Title", exact=True).fill("Bloggers' evening")
    page.get_by_role("textbox", name="Title", exact=True).press("Enter")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Olive Chorley (Officer, Chorley)")).to_be_checked()

    # An action's owner is one person: choosing another replaces the first.
    page.goto(f"{live_server.url}/programme/actions/new/")
    owner = page.get_by_role("combobox", name="Owner")
    owner.fill("olu")
    page.get_by_role("option", name="Olu Kirk (Officer, Kirklees)").click()
    owner.fill("olga")
    page.get_by_role("option", name="Olga Friend (Critical friend)").click()
    expect(page.get_by_role("checkbox")).to_have_count(1)
    page.get_by_label("What").fill("Read the draft policy")
    page.get_by_role("button", name="Raise action").click()
    expect(page.get_by_text("Action raised.")).to_be_visible()
    assert ActionItem.objects.get(title="Read the draft policy").owner == friend
    assert_accessible(page)
