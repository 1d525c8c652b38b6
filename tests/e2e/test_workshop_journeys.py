"""Registering, the waiting list, promotion, attendance, and axe on every workshop page."""

import datetime as dt
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from programme.models import Role
from tests.factories import PASSWORD
from tests.outcomes import made
from workshops import services
from workshops.models import Registration, RegistrationStatus, Workshop

from .conftest import assert_accessible, person_with_role
from .pace import PHONE, type_in


def _workshop(coordinator, site, **extra):
    start = timezone.now() + dt.timedelta(days=7)
    fields: dict[str, Any] = {
        "title": "Meet the local bloggers",
        "kind": "external_partners",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=3),
        "venue_name": "Huddersfield Town Hall",
        "capacity": 1,
        "audiences": ["residents", "officers"],
        "objectives": "Meet **bloggers**.",
        "template": "internal",
    }
    fields.update(extra)
    workshop = services.create_workshop(actor=coordinator, site=site, **fields)
    return services.publish_workshop(actor=coordinator, workshop=workshop)


def register(page, live_server, workshop):
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    page.get_by_role("link", name="Register").or_(
        page.get_by_role("link", name="Join the waiting list")
    ).click()
    page.get_by_label("a resident", exact=True).check()
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Register").click()


def test_the_waiting_list_and_promotion_in_a_browser(page, live_server, live_site, sign_in):
    coordinator = person_with_role(Role.COORDINATOR)
    first = person_with_role(None, full_name="Rosa Green")
    second = person_with_role(None, full_name="Sam Green")
    workshop = _workshop(coordinator, live_site)

    sign_in(first)
    register(page, live_server, workshop)
    expect(page.get_by_text("Status: Confirmed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(second)
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    expect(page.get_by_text("Full: join the waiting list")).to_be_visible()
    register(page, live_server, workshop)
    expect(page.get_by_text("Status: On the waiting list")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(first)
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    page.get_by_role("button", name="Cancel my place").click()
    expect(
        page.get_by_text("Your place goes to the first person on the waiting list")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel my place").click()
    expect(page.get_by_text("Your place is cancelled.")).to_be_visible()

    promoted = Registration.objects.get(person=second)
    assert promoted.status == RegistrationStatus.CONFIRMED
    assert promoted.promoted_at is not None
    page.get_by_role("button", name="Sign out").click()
    sign_in(second)
    page.goto(f"{live_server.url}{workshop.get_absolute_url()}")
    expect(page.get_by_text("You are confirmed.")).to_be_visible()


def test_a_facilitator_marks_attendance_on_a_phone(page, live_server, live_site, sign_in):
    coordinator = person_with_role(Role.COORDINATOR)
    facilitator = person_with_role(Role.OFFICER, live_site, full_name="Owen Bright")
    workshop = _workshop(coordinator, live_site, capacity=5)
    workshop.facilitators.add(facilitator)
    for name in ("Anna Arrives", "Ben Absent"):
        services.register(
            workshop=workshop,
            person=person_with_role(None, full_name=name),
            audience="residents",
            consent=True,
        )

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(facilitator)
    page.goto(f"{live_server.url}/workshops/{workshop.slug}/attendance/")
    page.get_by_role("button", name="Present: Anna Arrives").click()
    page.get_by_role("button", name="Absent: Ben Absent").click()
    expect(page.get_by_text("1 of 2 present.")).to_be_visible()
    assert_accessible(page)
    assert Registration.objects.get(person__full_name="Anna Arrives").attended is True
    assert Registration.objects.get(person__full_name="Ben Absent").attended is False


def test_every_workshop_page_has_no_axe_violations(page, live_server, live_site, sign_in):
    coordinator = person_with_role(Role.COORDINATOR)
    workshop = _workshop(coordinator, live_site, capacity=5, access="invitation")
    workshop.facilitators.add(coordinator)
    guest = made(
        services.register(
            workshop=_workshop(coordinator, live_site, title="Open one", capacity=5),
            guest_name="Nadia",
            guest_email="nadia@example.org",
            audience="residents",
            consent=True,
        )
    )
    past = _workshop(coordinator, live_site, title="Past one")
    Workshop.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-2),
    )

    for path in [
        "/workshops/",
        workshop.get_absolute_url(),
        f"/workshops/{workshop.slug}/register/",
        f"/workshops/registrations/{guest.manage_token}/",
        f"/workshops/registrations/{guest.manage_token}/confirm/",
        f"/workshops/{workshop.slug}/check-in/",
        f"/workshops/feedback/{guest.manage_token}/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)

    sign_in(coordinator)
    for path in [
        "/workshops/",
        "/workshops/new/",
        workshop.get_absolute_url(),
        f"/workshops/{workshop.slug}/edit/",
        f"/workshops/{workshop.slug}/agenda/",
        f"/workshops/{workshop.slug}/invite/",
        f"/workshops/{workshop.slug}/attendance/",
        f"/workshops/{workshop.slug}/briefing-pack/",
        f"/workshops/{workshop.slug}/cancel/",
        f"/workshops/{past.slug}/",
        f"/workshops/{past.slug}/outcome/",
        "/workshops/my/calendar/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)


def test_registered_already_signing_in_on_the_way_keeps_the_needs_they_typed(
    page, live_server, live_site
):
    """Not signed in, a person with a place fills the form in again, a key at a time, and
    signs in on the way: they are told plainly what happens, see their words under the
    form's labels, and can put the new need on their place. Nothing they typed is lost."""
    coordinator = person_with_role(Role.COORDINATOR)
    rosa = person_with_role(None, full_name="Rosa Green")
    workshop = _workshop(coordinator, live_site, capacity=5)
    services.register(
        workshop=workshop,
        person=rosa,
        audience="residents",
        accessibility_needs="Hearing loop",
        consent=True,
    )
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/workshops/{workshop.slug}/register/")
    type_in(page.get_by_label("Your name"), "Rosa Green")
    type_in(page.get_by_label("Dietary requirements"), "No nuts, please")
    page.get_by_role("button", name="Sign in first, keeping what you typed").click()

    expect(page.get_by_role("heading", name="Sign in to save your work")).to_be_visible()
    expect(page.get_by_text("Nothing has been sent yet")).to_be_visible()
    expect(page.get_by_text("signed out")).to_have_count(0)
    page.get_by_text("What you wrote", exact=True).click()
    kept = page.locator("details dl")
    expect(kept.get_by_text("Dietary requirements", exact=True)).to_be_visible()
    expect(kept.get_by_text("No nuts, please")).to_be_visible()
    expect(kept.get_by_text("Dietary_requirements")).to_have_count(0)
    assert_accessible(page)

    type_in(page.get_by_label("Email address"), rosa.email)
    type_in(page.get_by_label("Password"), PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="You are signed in", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send what I wrote").click()

    expect(
        page.get_by_role("heading", name=f"You are already registered for {workshop.title}")
    ).to_be_visible()
    expect(page.get_by_label("Dietary requirements")).to_have_value("No nuts, please")
    expect(page.get_by_label("Accessibility needs")).to_have_value("Hearing loop")
    assert_accessible(page)
    page.get_by_role("button", name="Update my registration").click()

    expect(page.get_by_text("Your registration is updated.")).to_be_visible()
    registration = Registration.objects.get(person=rosa)
    assert registration.dietary_requirements == "No nuts, please"
    assert registration.accessibility_needs == "Hearing loop"
    page.get_by_role("link", name="Change your accessibility or dietary needs").click()
    expect(page.get_by_label("Dietary requirements")).to_have_value("No nuts, please")
    assert_accessible(page)
