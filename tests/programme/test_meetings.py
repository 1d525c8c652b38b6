"""Project meetings and actions: services, pages, the actions table and "my actions"."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from programme.models import ActionItem, ActionStatus, ActivityLog, Meeting
from programme.services import NotAllowed, ProgrammeError
from programme.services import meetings as meeting_services
from tests.conftest import CAST
from tests.factories import UserFactory

TODAY = timezone.localdate()
RUNS_THE_PILOT = {
    "coordinator",
    "critical_friend",
    "site_lead",
    "officer",
    "elected_member",
    "ambassador",
    "content_provider",
}


def _at(days: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=days), dt.time(hour)))


@pytest.fixture
def meeting(coordinator, site):
    return meeting_services.record_meeting(
        actor=coordinator,
        title="Second project meeting",
        starts_at=_at(-7),
        place="Online",
        sites=[site],
    )


# Services -------------------------------------------------------------------


def test_record_meeting_with_attendees_and_sites(coordinator, site_lead, site):
    meeting = meeting_services.record_meeting(
        actor=coordinator,
        title="First project meeting",
        starts_at=_at(-30),
        ends_at=_at(-30, 15),
        place="Town hall",
        attendees=[coordinator, site_lead],
        sites=[site],
        minutes="We met.",
    )

    assert set(meeting.attendees.all()) == {coordinator, site_lead}
    assert list(meeting.sites.all()) == [site]
    assert ActivityLog.objects.filter(
        action="programme.meeting.recorded", actor=coordinator
    ).exists()


def test_a_meeting_cannot_end_before_it_starts(coordinator):
    with pytest.raises(ProgrammeError) as error:
        meeting_services.record_meeting(
            actor=coordinator, title="Backwards", starts_at=_at(1, 15), ends_at=_at(1, 10)
        )
    assert error.value.code == "ends_before_start"
    assert not Meeting.objects.exists()


def test_only_coordinators_record_meetings(site_lead):
    with pytest.raises(NotAllowed) as error:
        meeting_services.record_meeting(actor=site_lead, title="Mine", starts_at=_at(1))
    assert error.value.code == "not_allowed"


def test_site_leads_raise_actions_for_their_own_site_only(site_lead, site, other_site):
    action = meeting_services.raise_action(
        actor=site_lead, title="Ask the blogger", owner=site_lead, site=site
    )
    assert action.raised_by == site_lead

    with pytest.raises(NotAllowed):
        meeting_services.raise_action(
            actor=site_lead, title="Elsewhere", owner=site_lead, site=other_site
        )


def test_the_owner_marks_their_action_done_and_it_is_logged(coordinator, officer, site):
    action = meeting_services.raise_action(
        actor=coordinator, title="Book a room", owner=officer, site=site
    )

    meeting_services.set_action_status(actor=officer, action=action, status=ActionStatus.DONE)

    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert ActivityLog.objects.filter(action="programme.action.done", actor=officer).exists()


def test_someone_else_cannot_change_an_action(coordinator, officer, ambassador, site):
    action = meeting_services.raise_action(
        actor=coordinator, title="Book a room", owner=officer, site=site
    )

    with pytest.raises(NotAllowed) as error:
        meeting_services.set_action_status(
            actor=ambassador, action=action, status=ActionStatus.DONE
        )

    assert error.value.code == "not_allowed"
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_overdue_means_open_and_past_its_due_date(coordinator, site):
    late = meeting_services.raise_action(
        actor=coordinator, title="Late", owner=coordinator, due_on=TODAY - dt.timedelta(days=1)
    )
    done_late = meeting_services.raise_action(
        actor=coordinator, title="Done", owner=coordinator, due_on=TODAY - dt.timedelta(days=1)
    )
    meeting_services.set_action_status(
        actor=coordinator, action=done_late, status=ActionStatus.DONE
    )
    meeting_services.raise_action(
        actor=coordinator, title="Soon", owner=coordinator, due_on=TODAY + dt.timedelta(days=1)
    )

    assert list(ActionItem.objects.overdue()) == [late]
    assert late.is_overdue


# Pages ----------------------------------------------------------------------


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("name", ["programme:meetings", "programme:my_actions"])
def test_meetings_and_my_actions_are_for_people_with_a_role(client_as, person, site, role, name):
    response = client_as(person).get(reverse(name))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={reverse(name)}"
    else:
        assert response.status_code == (200 if role in RUNS_THE_PILOT else 403)


@pytest.mark.parametrize("role", CAST)
def test_the_meeting_page_is_for_people_with_a_role(client_as, person, meeting, role):
    response = client_as(person).get(meeting.get_absolute_url())
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('accounts:login')}?next={meeting.get_absolute_url()}"
        )
    else:
        assert response.status_code == (200 if role in RUNS_THE_PILOT else 403)


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("name", ["programme:meeting_create", "programme:actions"])
def test_recording_meetings_and_the_actions_table(client_as, person, site, role, name):
    response = client_as(person).get(reverse(name))
    allowed = {
        "programme:meeting_create": {"coordinator"},
        "programme:actions": {"coordinator", "critical_friend"},
    }[name]
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={reverse(name)}"
    else:
        assert response.status_code == (200 if role in allowed else 403)


def test_recording_a_meeting_through_the_form(client_as, coordinator, site_lead, site):
    response = client_as(coordinator).post(
        reverse("programme:meeting_create"),
        {
            "title": "Third project meeting",
            "starts_at": "2026-12-01T10:00",
            "ends_at": "2026-12-01T12:00",
            "place": "Chorley town hall",
            "online_url": "",
            "attendees": [site_lead.pk],
            "sites": [site.pk],
            "agenda": "1. Audit",
            "minutes": "",
            "decisions": "",
        },
    )

    meeting = Meeting.objects.get(title="Third project meeting")
    assert response.url == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).hour == 10  # entered in UK time, stored in UTC


def test_a_meeting_form_with_errors_keeps_what_was_typed(client_as, coordinator):
    response = client_as(coordinator).post(
        reverse("programme:meeting_create"),
        {
            "title": "Third",
            "starts_at": "2026-12-01T10:00",
            "ends_at": "2026-12-01T09:00",
            "place": "",
            "minutes": "Kept words",
        },
    )

    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "The meeting must end after it starts." in page
    assert "Say where the meeting is" in page
    assert "Kept words" in page
    assert not Meeting.objects.exists()


def test_adding_an_action_on_the_meeting_page(client_as, coordinator, officer, meeting, site):
    response = client_as(coordinator).post(
        meeting.get_absolute_url(),
        {
            "action-title": "Book the workshop",
            "action-owner": officer.pk,
            "action-site": site.pk,
            "action-due_on": "2026-12-10",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()  # back to the meeting
    action = meeting.actions.get()
    assert (action.owner, action.site, action.due_on) == (officer, site, dt.date(2026, 12, 10))


def test_only_coordinators_add_actions_on_the_meeting_page(client_as, officer, meeting):
    response = client_as(officer).post(
        meeting.get_absolute_url(), {"action-title": "Sneaky", "action-owner": officer.pk}
    )
    assert response.status_code == 403
    assert not ActionItem.objects.exists()


def test_my_actions_lists_only_mine_with_overdue_ones_standing_out(
    client_as, coordinator, officer, site
):
    meeting_services.raise_action(
        actor=coordinator,
        title="Mine and late",
        owner=officer,
        site=site,
        due_on=TODAY - dt.timedelta(days=2),
    )
    meeting_services.raise_action(
        actor=coordinator,
        title="Mine and fine",
        owner=officer,
        site=site,
        due_on=TODAY + dt.timedelta(days=2),
    )
    meeting_services.raise_action(actor=coordinator, title="Someone else's", owner=coordinator)

    page = client_as(officer).get(reverse("programme:my_actions")).content.decode()

    assert "Mine and late" in page
    assert "Mine and fine" in page
    assert "Someone else&#x27;s" not in page
    assert "Someone else's" not in page
    assert "1 overdue." in page
    assert page.index("Mine and late") < page.index("Mine and fine")


def test_marking_an_action_done_from_my_actions_without_javascript(
    client_as, coordinator, officer, site
):
    action = meeting_services.raise_action(
        actor=coordinator, title="Book a room", owner=officer, site=site
    )

    response = client_as(officer).post(
        reverse("programme:action_status", args=[action.pk]),
        {"status": "done", "next": reverse("programme:my_actions")},
    )

    assert response.url == reverse("programme:my_actions")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_status_form_never_redirects_off_site(client_as, coordinator):
    action = meeting_services.raise_action(
        actor=coordinator, title="Book a room", owner=coordinator
    )
    response = client_as(coordinator).post(
        reverse("programme:action_status", args=[action.pk]),
        {"status": "done", "next": "https://evil.example/"},
    )
    assert response.url == reverse("programme:my_actions")


def test_a_bad_status_changes_nothing(client_as, coordinator):
    action = meeting_services.raise_action(
        actor=coordinator, title="Book a room", owner=coordinator
    )
    client_as(coordinator).post(
        reverse("programme:action_status", args=[action.pk]), {"status": "exploded"}
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_others_cannot_change_an_action_from_the_page(
    client_as, coordinator, ambassador, critical_friend
):
    action = meeting_services.raise_action(
        actor=coordinator, title="Book a room", owner=coordinator
    )
    url = reverse("programme:action_status", args=[action.pk])
    # To one who cannot see it, it is not there (a 403 would say it exists) ...
    assert client_as(ambassador).post(url, {"status": "done"}).status_code == 404
    # ... and one who sees every action but may not move it on is refused.
    assert client_as(critical_friend).post(url, {"status": "done"}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


@pytest.fixture
def some_actions(coordinator, officer, site, other_site):
    meeting_services.raise_action(
        actor=coordinator,
        title="Late at Kirklees",
        owner=officer,
        site=site,
        due_on=TODAY - dt.timedelta(days=3),
    )
    meeting_services.raise_action(
        actor=coordinator,
        title="Fine at Kirklees",
        owner=officer,
        site=site,
        due_on=TODAY + dt.timedelta(days=3),
    )
    done = meeting_services.raise_action(
        actor=coordinator, title="Done at Chorley", owner=coordinator, site=other_site
    )
    meeting_services.set_action_status(actor=coordinator, action=done, status=ActionStatus.DONE)


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"site": "kirklees"}, ["Late at Kirklees", "Fine at Kirklees"], ["Done at Chorley"]),
        ({"status": "done"}, ["Done at Chorley"], ["Late at Kirklees"]),
        ({"overdue": "true"}, ["Late at Kirklees"], ["Fine at Kirklees", "Done at Chorley"]),
        ({"owner": "officer"}, ["Late at Kirklees", "Fine at Kirklees"], ["Done at Chorley"]),
    ],
)
def test_the_actions_table_filters(
    client_as, coordinator, officer, site, some_actions, query, shown, hidden
):
    query = dict(query)
    if "site" in query:
        query["site"] = site.pk
    if "owner" in query:
        query["owner"] = officer.pk

    page = client_as(coordinator).get(reverse("programme:actions"), query).content.decode()

    for title in shown:
        assert title in page
    for title in hidden:
        assert title not in page


def test_the_actions_table_sorts_and_exports_what_it_shows(
    client_as, coordinator, site, some_actions
):
    client = client_as(coordinator)
    page = client.get(
        reverse("programme:actions"), {"sort": "-due_on", "site": site.pk}
    ).content.decode()
    assert page.index("Fine at Kirklees") < page.index("Late at Kirklees")

    response = client.get(reverse("programme:actions"), {"site": site.pk, "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["What", "Owner", "Site"]
    assert sorted(row[0] for row in rows[1:]) == ["Fine at Kirklees", "Late at Kirklees"]
    assert {row[5] for row in rows[1:]} == {"yes", "no"}


def test_a_nonsense_filter_is_an_empty_result_not_a_500(client_as, coordinator, some_actions):
    response = client_as(coordinator).get(
        reverse("programme:actions"), {"site": "x", "status": "nope", "overdue": "maybe"}
    )
    assert response.status_code == 200


def _bulk_actions(owner, site, count):
    ActionItem.objects.bulk_create(
        ActionItem(
            title=f"Action {n}", owner=owner, site=site, due_on=TODAY - dt.timedelta(days=n % 5)
        )
        for n in range(count)
    )


@pytest.mark.parametrize("name", ["programme:actions", "programme:my_actions"])
def test_action_pages_run_the_same_queries_at_10_and_500_rows(
    client, coordinator, site, name, assert_bounded_queries
):
    client.force_login(coordinator)
    _bulk_actions(coordinator, site, 10)
    assert_bounded_queries(reverse(name), lambda: _bulk_actions(coordinator, site, 490))


def test_meeting_list_and_page_run_a_fixed_number_of_queries(
    client, coordinator, site, meeting, assert_bounded_queries
):
    client.force_login(coordinator)
    # One meeting in each section first: an empty section skips its prefetch.
    meeting_services.record_meeting(
        actor=coordinator, title="Next", starts_at=_at(5), place="Online", sites=[site]
    )

    def grow():
        for n in range(5):
            extra = meeting_services.record_meeting(
                actor=coordinator,
                title=f"Meeting {n}",
                starts_at=_at(n - 3),
                place="Online",
                attendees=[UserFactory.create()],
                sites=[site],
            )
            meeting_services.raise_action(
                actor=coordinator, title=f"From {n}", owner=coordinator, meeting=extra
            )
            meeting_services.raise_action(
                actor=coordinator,
                title=f"Also {n}",
                owner=UserFactory.create(),
                meeting=meeting,
                site=site,
            )
        meeting.attendees.add(*UserFactory.create_batch(3))

    assert_bounded_queries(reverse("programme:meetings"), grow)
    assert_bounded_queries(
        meeting.get_absolute_url(),
        lambda: meeting_services.raise_action(
            actor=coordinator,
            title="One more",
            owner=UserFactory.create(),
            meeting=meeting,
            site=site,
        ),
    )


def test_the_actions_csv_is_the_table_every_row_of_it(client_as, coordinator, site):
    """Built from ActionTable (tables.py): its columns and the export-only ones, every row
    rather than the page shown, each value plain and safe to open in a spreadsheet."""
    from programme.tables import ActionTable

    _bulk_actions(coordinator, site, 60)  # more than a page of 50
    ActionItem.objects.create(title="=HYPERLINK(1)", owner=coordinator, site=site)
    response = client_as(coordinator).get(reverse("programme:actions"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = ActionTable(ActionItem.objects.none())
    shown = [str(column.header) for column in table.columns]
    assert [header for header in rows[0] if header in shown] == shown
    assert rows[0] == ["What", "Owner", "Site", "Due", "Status", "Overdue", "Raised at", "Notes"]
    assert len(rows) == 62
    guarded = [row for row in rows if row[0] == "'=HYPERLINK(1)"]
    assert [row[1:3] for row in guarded] == [["Clara Ward", "Kirklees"]]
    assert all("<" not in cell for row in rows for cell in row)  # no HTML from the page
