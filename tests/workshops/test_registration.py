"""Registration: places, the waiting list, guests, invitations, and the rules that refuse bad input."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from programme.models import ActivityLog, Role
from programme.platform.outcomes import ToldByEmail
from programme.services import NotAllowed
from tests.factories import UserFactory, WorkshopFactory
from tests.outcomes import made
from workshops import services
from workshops.models import Access, Registration, RegistrationStatus, Workshop

from .conftest import at, book, plan


def test_a_free_place_is_confirmed_with_a_code_and_an_invitation(
    workshop, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = book(workshop, resident, accessibility_needs="Hearing loop")

    assert registration.status == RegistrationStatus.CONFIRMED
    assert len(registration.code) == 8
    message = mail.outbox[0]
    assert message.to == [resident.email]
    assert registration.code in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == "invite.ics"
    assert mimetype.startswith("text/calendar")
    assert "METHOD:REQUEST" in str(content)


def test_when_full_people_join_the_waiting_list(workshop):
    first, second, third = (book(workshop, UserFactory.create()) for _ in range(3))

    assert [r.status for r in (first, second, third)] == ["confirmed", "confirmed", "waitlisted"]
    assert workshop.registrations.confirmed().count() == workshop.capacity


def test_cancelling_promotes_the_first_person_waiting_and_emails_them(
    workshop, django_capture_on_commit_callbacks
):
    first, _ = book(workshop, UserFactory.create()), book(workshop, UserFactory.create())
    waiting_first, waiting_second = (
        book(workshop, UserFactory.create()),
        book(workshop, UserFactory.create()),
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=first)

    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert waiting_first.status == RegistrationStatus.CONFIRMED
    assert waiting_first.promoted_at
    assert waiting_second.status == RegistrationStatus.WAITLISTED
    # The person who gave up the place is told too, with the calendar cancellation (below).
    sent = {m.to[0]: m for m in mail.outbox}
    assert sorted(sent) == sorted([first.email, waiting_first.email])
    assert "A place is yours" in sent[waiting_first.email].subject


def test_cancelling_a_waiting_place_promotes_no_one(workshop):
    book(workshop, UserFactory.create()), book(workshop, UserFactory.create())
    waiting = book(workshop, UserFactory.create())
    services.cancel_registration(registration=waiting)
    assert workshop.registrations.confirmed().count() == 2


def test_a_second_registration_by_the_same_person_is_refused(workshop, resident):
    book(workshop, resident)
    with pytest.raises(services.WorkshopError) as error:
        book(workshop, resident)
    assert error.value.code == "already_registered"
    assert workshop.registrations.count() == 1


def test_after_cancelling_a_person_may_register_again(workshop, resident):
    services.cancel_registration(registration=book(workshop, resident))
    assert book(workshop, resident).status == RegistrationStatus.CONFIRMED


def test_a_person_updates_the_needs_on_their_own_place(workshop, resident):
    registration = book(workshop, resident, accessibility_needs="Hearing loop")

    services.update_needs(
        registration=registration,
        actor=resident,
        accessibility_needs=" Hearing loop, large print ",
        dietary_requirements="Vegetarian",
    )

    registration.refresh_from_db()
    assert registration.accessibility_needs == "Hearing loop, large print"
    assert registration.dietary_requirements == "Vegetarian"
    assert ActivityLog.objects.filter(
        action="workshops.registration.needs_updated", actor=resident
    ).exists()


def test_nobody_updates_the_needs_on_someone_elses_place(workshop, resident, coordinator):
    registration = book(workshop, resident, dietary_requirements="Vegan")

    with pytest.raises(NotAllowed):
        services.update_needs(
            registration=registration,
            actor=coordinator,
            accessibility_needs="",
            dietary_requirements="Anything",
        )
    registration.refresh_from_db()
    assert registration.dietary_requirements == "Vegan"


@pytest.mark.parametrize("code", ["already_cancelled", "ended"])
def test_needs_are_not_updated_on_a_cancelled_place_or_after_the_workshop(workshop, resident, code):
    registration = book(workshop, resident)
    if code == "already_cancelled":
        services.cancel_registration(registration=registration, actor=resident)
    else:
        Workshop.objects.filter(pk=workshop.pk).update(
            starts_at=timezone.now() - dt.timedelta(hours=3),
            ends_at=timezone.now() - dt.timedelta(hours=1),
        )

    with pytest.raises(services.WorkshopError) as error:
        services.update_needs(
            registration=registration,
            actor=resident,
            accessibility_needs="",
            dietary_requirements="Vegan",
        )
    assert error.value.code == code
    registration.refresh_from_db()
    assert registration.dietary_requirements == ""


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"registration_closes_at": "past"}, "closed"),
        ({"registration_opens_at": "future"}, "not_yet_open"),
        ({"status": "draft"}, "not_open"),
        ({"status": "cancelled"}, "not_open"),
    ],
)
def test_registration_outside_its_window_is_refused(workshop, resident, change, code):
    values = {
        "past": timezone.now() - dt.timedelta(hours=1),
        "future": timezone.now() + dt.timedelta(days=1),
    }
    Workshop.objects.filter(pk=workshop.pk).update(
        **{k: values.get(v, v) for k, v in change.items()}
    )

    with pytest.raises(services.WorkshopError) as error:
        book(workshop, resident)

    assert error.value.code == code
    assert not Registration.objects.exists()


def test_consent_is_required(workshop, resident):
    with pytest.raises(services.WorkshopError) as error:
        services.register(workshop=workshop, person=resident, audience="residents", consent=False)
    assert error.value.code == "consent_required"


def test_a_guest_confirms_by_email_before_taking_a_place(
    workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guest = made(
            services.register(
                workshop=workshop,
                guest_name="Nadia Khan",
                guest_email="Nadia@Example.org",
                audience="residents",
                consent=True,
            )
        )

    assert guest.status == RegistrationStatus.UNCONFIRMED
    assert guest.guest_email == "nadia@example.org"
    assert f"/workshops/registrations/{guest.manage_token}/confirm/" in mail.outbox[0].body
    assert workshop.registrations.confirmed().count() == 0  # no place is held until confirmed

    services.confirm_guest(registration=guest)
    guest.refresh_from_db()
    assert guest.status == RegistrationStatus.CONFIRMED


def test_a_guest_with_an_account_is_asked_by_email_to_sign_in(
    workshop, resident, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(
            workshop=workshop,
            guest_name="Rosa",
            guest_email=resident.email.upper(),
            audience="residents",
            consent=True,
        )
    assert registration == ToldByEmail("has_account")
    assert not workshop.registrations.exists()
    assert mailoutbox[-1].to == [resident.email]
    assert "sign in to register" in mailoutbox[-1].body


def test_invitation_only_workshops_take_only_invitees(coordinator, site, elected_member, resident):
    briefing = WorkshopFactory.create(
        site=site, created_by=coordinator, access=Access.INVITATION, title="Members' briefing"
    )
    services.invite_role_holders(actor=coordinator, workshop=briefing, role=Role.ELECTED_MEMBER)

    assert book(briefing, elected_member, audience="members").status == RegistrationStatus.CONFIRMED
    with pytest.raises(services.WorkshopError) as error:
        book(briefing, resident)
    assert error.value.code == "not_invited"
    with pytest.raises(services.WorkshopError):
        services.register(
            workshop=briefing,
            guest_name="G",
            guest_email="g@example.org",
            audience="members",
            consent=True,
        )


def test_inviting_twice_sends_one_invitation(coordinator, site, elected_member):
    briefing = plan(coordinator, site, access=Access.INVITATION)
    services.invite(actor=coordinator, workshop=briefing, people=[elected_member])
    assert services.invite(actor=coordinator, workshop=briefing, people=[elected_member]) == []
    assert briefing.invitations.count() == 1


def test_coordinators_are_told_at_80_and_100_percent(
    coordinator, site, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator, capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            book(workshop, UserFactory.create())
    assert not [m for m in mail.outbox if m.to == [coordinator.email]]

    with django_capture_on_commit_callbacks(execute=True):
        book(workshop, UserFactory.create())
        book(workshop, UserFactory.create())
        book(workshop, UserFactory.create())  # waiting list: no more notices

    notices = [m.subject for m in mail.outbox if m.to == [coordinator.email]]
    assert notices == [f"{workshop.title} is 80% full", f"{workshop.title} is full"]


def test_capacity_cannot_go_below_confirmed_places(coordinator, workshop):
    book(workshop, UserFactory.create()), book(workshop, UserFactory.create())
    with pytest.raises(services.WorkshopError) as error:
        services.edit_workshop(actor=coordinator, workshop=workshop, capacity=1)
    assert error.value.code == "capacity_below_confirmed"
    workshop.refresh_from_db()
    assert workshop.capacity == 2


def test_raising_capacity_promotes_people_waiting(coordinator, workshop):
    book(workshop, UserFactory.create()), book(workshop, UserFactory.create())
    waiting = book(workshop, UserFactory.create())
    services.edit_workshop(actor=coordinator, workshop=workshop, capacity=3)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        # Times are made when the test runs, not when it is collected, so a run that
        # crosses midnight compares them with the plan's own times of the same day.
        (lambda: {"ends_at": at(10, 9)}, "ends_before_start"),
        (lambda: {"registration_closes_at": at(10, 11)}, "closes_after_start"),
        (lambda: {"venue_name": "", "online_url": ""}, "no_place"),
    ],
)
def test_bad_plans_are_refused(coordinator, site, fields, code):
    with pytest.raises(services.WorkshopError) as error:
        plan(coordinator, site, **fields())
    assert error.value.code == code
    assert not Workshop.objects.exists()


def test_site_leads_plan_only_at_their_own_site(site_lead, other_site):
    with pytest.raises(NotAllowed) as error:
        plan(site_lead, other_site)
    assert error.value.code == "not_allowed"
