"""iCalendar output, read back with vobject: a second, independent parser."""

import datetime as dt

import pytest
import vobject
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from tests.factories import UserFactory, WorkshopFactory
from workshops import services

from .conftest import at, book, plan


def parse(content: bytes | str):
    text = content.decode() if isinstance(content, bytes) else content
    return vobject.readOne(text)


def test_one_workshop_as_icalendar(client, workshop):
    response = client.get(reverse("workshops:ics", args=[workshop.slug]))

    assert response["Content-Type"].startswith("text/calendar")
    cal = parse(response.content)
    event = cal.vevent
    assert event.uid.value == f"workshop-{workshop.pk}@127.0.0.1"
    assert event.summary.value == "Meet the local bloggers (Kirklees)"
    assert event.dtstart.value == workshop.starts_at
    assert event.dtend.value == workshop.ends_at
    assert event.url.value.endswith(workshop.get_absolute_url())
    assert event.location.value == "Huddersfield Town Hall"
    assert event.status.value == "CONFIRMED"
    assert int(event.sequence.value) == 0
    assert event.dtstamp.value is not None


def test_times_are_written_in_utc_either_side_of_the_clocks_changing(client, coordinator, site):
    summer = WorkshopFactory.create(
        site=site,
        created_by=coordinator,
        title="Summer",
        starts_at=at(0, 10).replace(year=2027, month=7, day=1),
        ends_at=at(0, 12).replace(year=2027, month=7, day=1),
    )
    winter = WorkshopFactory.create(
        site=site,
        created_by=coordinator,
        title="Winter",
        starts_at=at(0, 10).replace(year=2027, month=1, day=14),
        ends_at=at(0, 12).replace(year=2027, month=1, day=14),
    )

    summer_text = client.get(reverse("workshops:ics", args=[summer.slug])).content.decode()
    winter_text = client.get(reverse("workshops:ics", args=[winter.slug])).content.decode()

    assert "DTSTART:20270701T090000Z" in summer_text  # 10:00 BST
    assert "DTSTART:20270114T100000Z" in winter_text  # 10:00 GMT
    assert "TZID:GMT" not in summer_text + winter_text
    assert parse(summer_text).vevent.dtstart.value.hour == 9


def test_feeds_carry_a_name_and_refresh_hints_and_list_cancelled_workshops(
    client, coordinator, site, other_site, workshop
):
    cancelled = WorkshopFactory.create(site=site, created_by=coordinator, title="Called off")
    services.cancel_workshop(actor=coordinator, workshop=cancelled, reason="Venue flooded")
    plan(coordinator, site, title="Still a draft")
    WorkshopFactory.create(site=other_site, created_by=coordinator, title="At Chorley")

    cal = parse(client.get(reverse("workshops:calendar")).content)

    assert cal.contents["x-wr-calname"][0].value == "Virtual Town Hall workshops"
    assert cal.contents["refresh-interval"][0].value in ("PT1H", dt.timedelta(hours=1))
    assert cal.contents["x-published-ttl"][0].value == "PT1H"
    by_summary = {event.summary.value: event for event in cal.vevent_list}
    assert set(by_summary) == {
        "Meet the local bloggers (Kirklees)",
        "Called off (Kirklees)",
        "At Chorley (Chorley)",
    }
    assert by_summary["Called off (Kirklees)"].status.value == "CANCELLED"
    assert int(by_summary["Called off (Kirklees)"].sequence.value) == 1


def test_a_sites_feed_has_only_its_workshops(client, coordinator, other_site, workshop):
    WorkshopFactory.create(site=other_site, created_by=coordinator, title="At Chorley")
    cal = parse(client.get("/sites/kirklees/workshops.ics").content)
    assert [event.summary.value for event in cal.vevent_list] == [
        "Meet the local bloggers (Kirklees)"
    ]
    assert client.get("/sites/atlantis/workshops.ics").status_code == 404


def test_the_sequence_rises_on_a_change_of_time_but_not_of_wording(coordinator, workshop):
    services.edit_workshop(actor=coordinator, workshop=workshop, objectives="New words")
    workshop.refresh_from_db()
    assert workshop.sequence == 0
    services.edit_workshop(
        actor=coordinator, workshop=workshop, starts_at=at(11, 10), ends_at=at(11, 12)
    )
    workshop.refresh_from_db()
    assert workshop.sequence == 1


def test_emailed_updates_and_cancellations_keep_the_uid(
    coordinator, workshop, django_capture_on_commit_callbacks
):
    person = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):  # each its own request
        book(workshop, person)
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_workshop(
            actor=coordinator, workshop=workshop, starts_at=at(11, 10), ends_at=at(11, 12)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_workshop(actor=coordinator, workshop=workshop, reason="Venue flooded")

    invites = [
        parse(message.attachments[0][1]) for message in mail.outbox if message.to == [person.email]
    ]
    assert [cal.method.value for cal in invites] == ["REQUEST", "REQUEST", "CANCEL"]
    assert len({cal.vevent.uid.value for cal in invites}) == 1
    assert [int(cal.vevent.sequence.value) for cal in invites] == [0, 1, 2]
    assert invites[-1].vevent.status.value == "CANCELLED"
    assert invites[-1].vevent.attendee.value == f"mailto:{person.email}"
    assert invites[-1].vevent.organizer.value.startswith("mailto:")


def test_a_change_the_worker_reaches_after_a_cancellation_is_not_sent(
    coordinator, workshop, django_capture_on_commit_callbacks
):
    person = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        book(workshop, person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs both after
        services.edit_workshop(
            actor=coordinator, workshop=workshop, starts_at=at(11, 10), ends_at=at(11, 12)
        )
        services.cancel_workshop(actor=coordinator, workshop=workshop, reason="Venue flooded")
    assert [message.subject for message in mail.outbox] == [f"Cancelled: {workshop.title}"]


def test_a_personal_feed_lists_my_places_at_a_secret_address_that_can_be_reset(
    client, resident, workshop, coordinator, site
):
    book(workshop, resident)
    WorkshopFactory.create(site=site, created_by=coordinator, title="Not mine")
    client.force_login(resident)
    page = client.get(reverse("workshops:my_calendar")).content.decode()
    token = services.calendar_token_for(person=resident).token
    assert token in page

    client.logout()
    cal = parse(client.get(reverse("workshops:personal_ics", args=[token])).content)
    assert [event.summary.value for event in cal.vevent_list] == [
        "Meet the local bloggers (Kirklees)"
    ]

    client.force_login(resident)
    client.post(reverse("workshops:my_calendar_reset"))
    assert client.get(reverse("workshops:personal_ics", args=[token])).status_code == 404


def test_a_draft_has_no_public_calendar(client, coordinator, site):
    draft = plan(coordinator, site)
    assert client.get(reverse("workshops:ics", args=[draft.slug])).status_code == 404


@pytest.mark.parametrize("path", ["/workshops/calendar.ics", "/sites/kirklees/workshops.ics"])
def test_feeds_run_a_fixed_number_of_queries(
    client, coordinator, site, workshop, path, assert_bounded_queries
):
    def grow():
        for n in range(5):
            WorkshopFactory.create(site=site, created_by=coordinator, title=f"Extra {n}")

    assert_bounded_queries(path, grow)


def test_giving_up_a_place_takes_it_out_of_the_persons_calendar(
    workshop, django_capture_on_commit_callbacks
):
    person = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        registration = book(workshop, person)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=registration, actor=person)
    sent = [m for m in mail.outbox if m.to == [person.email]]
    assert [m.subject.split(":")[0] for m in sent] == ["Your place", "Place cancelled"]
    invite, cancel = (parse(m.attachments[0][1]) for m in sent)
    assert cancel.method.value == "CANCEL"
    assert cancel.vevent.uid.value == invite.vevent.uid.value  # the same event, removed
    assert cancel.vevent.status.value == "CANCELLED"
    assert int(cancel.vevent.sequence.value) >= int(invite.vevent.sequence.value)
    assert cancel.vevent.attendee.value == f"mailto:{person.email}"
    # As an alternative part too, so that mail clients offer to remove it.
    assert isinstance(sent[1], EmailMultiAlternatives)
    assert any("text/calendar; method=CANCEL" in mime for _, mime in sent[1].alternatives)


def test_invitations_are_organised_from_an_address_people_read_with_our_own_message_ids(
    workshop, settings, django_capture_on_commit_callbacks
):
    settings.PROGRAMME_CONTACT_EMAIL = "coordinators@kirklees.example"
    settings.PUBLIC_BASE_URL = "https://townhall.example"
    person = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        book(workshop, person)
    message = next(m for m in mail.outbox if m.to == [person.email])
    event = parse(message.attachments[0][1]).vevent
    assert event.organizer.value == "mailto:coordinators@kirklees.example"
    assert event.organizer.params["CN"] == ["Virtual Town Hall"]
    assert "no-reply" not in event.organizer.value
    assert message.message()["Message-ID"].endswith("@townhall.example>")
    # A second try (the mail server timed out) is the same email to whoever took the first.
    from programme.models import OutgoingEmail
    from programme.platform.outbox import rebuilt

    stored = OutgoingEmail.objects.get(to=person.email)
    assert rebuilt(stored).message()["Message-ID"] == message.message()["Message-ID"]


def test_leaving_the_waiting_list_is_confirmed_without_a_calendar_part(
    coordinator, site, django_capture_on_commit_callbacks
):
    full = WorkshopFactory.create(site=site, created_by=coordinator, capacity=1)
    book(full, UserFactory.create())
    person = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        waiting = book(full, person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=waiting, actor=person)
    (sent,) = [m for m in mail.outbox if m.to == [person.email]]
    assert sent.subject.startswith("Off the waiting list")
    assert not sent.attachments
