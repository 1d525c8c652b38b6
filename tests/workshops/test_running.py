"""Running and closing a workshop: attendance, check-in, outcomes, feedback and reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from programme.models import ActionItem
from programme.services import NotAllowed
from tests.factories import UserFactory, WorkshopFactory
from workshops import services
from workshops.models import Feedback, Workshop, WorkshopStatus

from .conftest import book


def started(workshop, hours_ago=1):
    start = timezone.now() - dt.timedelta(hours=hours_ago)
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    workshop.refresh_from_db()
    return workshop


def test_a_facilitator_marks_attendance(workshop, officer, resident):
    workshop.facilitators.add(officer)
    registration = book(workshop, resident)

    services.mark_attendance(actor=officer, registration=registration, attended=True)

    registration.refresh_from_db()
    assert registration.attended is True
    assert registration.attendance_marked_by == officer


def test_others_cannot_mark_attendance(workshop, ambassador, resident):
    registration = book(workshop, resident)
    with pytest.raises(NotAllowed) as error:
        services.mark_attendance(actor=ambassador, registration=registration, attended=True)
    assert error.value.code == "not_allowed"


def test_a_person_checks_in_with_their_code_on_the_day(workshop, resident):
    registration = book(workshop, resident)
    started(workshop)

    services.check_in(workshop=workshop, code=registration.code.lower())

    registration.refresh_from_db()
    assert registration.attended is True


def test_check_in_refuses_a_wrong_code_or_the_wrong_day(workshop, resident):
    registration = book(workshop, resident)
    with pytest.raises(services.WorkshopError) as error:
        services.check_in(workshop=workshop, code=registration.code)
    assert error.value.code == "not_checkin_time"
    started(workshop)
    with pytest.raises(services.WorkshopError) as error:
        services.check_in(workshop=workshop, code="NOPE1234")
    assert error.value.code == "unknown_code"


def test_a_waiting_person_cannot_check_in(workshop):
    book(workshop, UserFactory.create()), book(workshop, UserFactory.create())
    waiting = book(workshop, UserFactory.create())
    started(workshop)
    with pytest.raises(services.WorkshopError):
        services.check_in(workshop=workshop, code=waiting.code)


def test_the_outcome_turns_actions_into_programme_actions(coordinator, site_lead, workshop):
    started(workshop)
    services.mark_held(actor=coordinator, workshop=workshop)

    services.record_outcome(
        actor=site_lead,
        workshop=workshop,
        notes="Good turnout.",
        decisions="- Name the site *Kirklees Together*",
        actions=[{"title": "Email the bloggers", "owner": site_lead, "due_on": None}],
    )

    action = ActionItem.objects.get()
    assert (action.title, action.site, action.owner) == (
        "Email the bloggers",
        workshop.site,
        site_lead,
    )
    assert workshop.title in action.notes
    assert Workshop.objects.get(pk=workshop.pk).status == WorkshopStatus.HELD


def test_outcomes_wait_until_the_workshop_has_happened(coordinator, workshop):
    with pytest.raises(services.WorkshopError) as error:
        services.record_outcome(actor=coordinator, workshop=workshop, notes="", decisions="")
    assert error.value.code == "not_held"


def test_feedback_is_asked_of_attendees_once_and_given_once(
    coordinator, workshop, django_capture_on_commit_callbacks
):
    came, stayed_home = book(workshop, UserFactory.create()), book(workshop, UserFactory.create())
    started(workshop)
    services.mark_attendance(actor=coordinator, registration=came, attended=True)
    services.mark_attendance(actor=coordinator, registration=stayed_home, attended=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_feedback(actor=coordinator, workshop=workshop) == 1
    assert services.request_feedback(actor=coordinator, workshop=workshop) == 0
    assert [m.to for m in mail.outbox if "How was" in m.subject] == [[came.email]]

    services.give_feedback(registration=came, rating=4, comments="Useful")
    with pytest.raises(services.WorkshopError):
        services.give_feedback(registration=came, rating=5, comments="Again")
    with pytest.raises(services.WorkshopError):
        services.give_feedback(registration=stayed_home, rating=5, comments="")
    assert Feedback.objects.get().rating == 4


def test_reminders_go_once_and_skip_people_who_registered_after_they_were_due(
    coordinator, workshop, django_capture_on_commit_callbacks
):
    early = book(workshop, UserFactory.create())
    lead = dt.timedelta(hours=24)
    reminder_due = workshop.starts_at - lead
    late = book(workshop, UserFactory.create())
    type(late).objects.filter(pk=late.pk).update(confirmed_at=reminder_due + dt.timedelta(hours=1))

    now = reminder_due + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        sent_first = services.send_due_reminders(now=now, lead=lead)
        sent_again = services.send_due_reminders(now=now + dt.timedelta(minutes=5), lead=lead)

    assert (sent_first, sent_again) == (1, 0)
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert [m.to for m in reminders] == [[early.email]]
    assert "invite.ics" in [a[0] for a in reminders[0].attachments]


def test_nothing_is_sent_before_the_reminder_is_due(workshop):
    book(workshop, UserFactory.create())
    assert (
        services.send_due_reminders(
            now=workshop.starts_at - dt.timedelta(days=3), lead=dt.timedelta(hours=24)
        )
        == 0
    )


def test_the_reminder_command_runs(workshop, capsys):
    call_command("send_workshop_reminders")
    assert "reminders sent" in capsys.readouterr().out


def test_cancelling_a_workshop_tells_everyone_registered(
    coordinator, workshop, django_capture_on_commit_callbacks
):
    people = [UserFactory.create() for _ in range(3)]
    for person in people:
        book(workshop, person)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_workshop(actor=coordinator, workshop=workshop, reason="Venue flooded")

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all("Venue flooded" in m.body for m in mail.outbox)
    with pytest.raises(services.WorkshopError):
        services.cancel_workshop(actor=coordinator, workshop=workshop, reason="Again")


def test_the_outcome_form_names_people_by_role_and_sums_up_a_missing_owner(
    client_as, coordinator, site_lead, resident, workshop
):
    from django.urls import reverse

    started(workshop)
    services.mark_held(actor=coordinator, workshop=workshop)
    client = client_as(coordinator)
    url = reverse("workshops:outcome", args=[workshop.slug])
    page = client.get(url).content.decode()
    assert "Owner (needed for each action)" in page
    assert "Owner (optional)" not in page
    found = client.post(  # the picker's Find, without script: a search, nothing saved
        url,
        {
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Email the bloggers",
            "actions-0-owner_q": "",
            "_find": "actions-0-owner",
        },
    ).content.decode()
    assert f"{site_lead.full_name} (Site lead, Kirklees)" in found
    assert site_lead.email not in found
    assert resident.full_name not in found
    assert "There is a problem" not in found
    assert 'value="Email the bloggers"' in found
    assert not ActionItem.objects.exists()
    response = client.post(
        url,
        {
            "notes": "",
            "decisions": "",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Email the bloggers",
            "actions-0-owner": "",
        },
    )
    text = response.content.decode()
    assert "There is a problem" in text
    assert 'href="#id_actions-0-owner_q"' in text
    assert "Who will do it?" in text
    assert not ActionItem.objects.exists()


def test_a_workshop_may_be_cancelled_only_while_published_and_not_over(
    client_as, coordinator, workshop, site
):
    """One rule, asked by the service and by the page that offers the button."""
    from .conftest import plan

    draft = plan(coordinator, site, title="Not yet out")
    over = WorkshopFactory.create(site=site, created_by=coordinator)
    Workshop.objects.filter(pk=over.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-2),
    )
    client = client_as(coordinator)
    for refused in (draft, Workshop.objects.get(pk=over.pk)):
        assert not refused.may_be_cancelled
        assert "Cancel the workshop" not in client.get(refused.get_absolute_url()).content.decode()
        with pytest.raises(services.WorkshopError, match="cannot be cancelled now"):
            services.cancel_workshop(actor=coordinator, workshop=refused, reason="Flooded")
        refused.refresh_from_db()
        assert refused.status != WorkshopStatus.CANCELLED
    assert workshop.may_be_cancelled
    assert "Cancel the workshop" in client.get(workshop.get_absolute_url()).content.decode()
