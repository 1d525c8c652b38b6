"""Workshop pages for every member of the cast, and what they show."""

import csv
import io

import pytest
from django.urls import reverse

from tests.conftest import CAST
from tests.factories import PASSWORD, UserFactory, WorkshopFactory
from tests.programme.test_resume import hidden_fields
from workshops.models import Registration, RegistrationStatus, Workshop

from .conftest import book, plan

MANAGERS = {"coordinator", "site_lead"}


@pytest.mark.parametrize("role", CAST)
def test_published_workshops_are_public_and_drafts_are_for_planners(
    client_as, person, coordinator, site, workshop, role
):
    draft = plan(coordinator, site, title="Secret plan")
    client = client_as(person)

    assert client.get(reverse("workshops:list")).status_code == 200
    assert client.get(workshop.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == (200 if role in MANAGERS else 404)
    assert ("Secret plan" in client.get(reverse("workshops:list")).content.decode()) == (
        role in MANAGERS
    )


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize(
    "name", ["workshops:edit", "workshops:agenda", "workshops:cancel", "workshops:outcome"]
)
def test_planning_pages_are_for_coordinators_and_the_site_lead(
    client_as, person, workshop, role, name
):
    url = reverse(name, args=[workshop.slug])
    response = client_as(person).get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    else:
        assert response.status_code == (200 if role in MANAGERS else 403)


@pytest.mark.parametrize("role", CAST)
def test_planning_a_workshop_is_for_coordinators_and_site_leads(client_as, person, site, role):
    response = client_as(person).get(reverse("workshops:create"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('accounts:login')}?next={reverse('workshops:create')}"
        )
    else:
        assert response.status_code == (200 if role in MANAGERS else 403)


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("name", ["workshops:attendance", "workshops:briefing_pack"])
def test_attendance_and_the_pack_are_for_facilitators_and_planners(
    client_as, person, workshop, officer, role, name
):
    workshop.facilitators.add(officer)
    url = reverse(name, args=[workshop.slug])
    response = client_as(person).get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    else:
        assert response.status_code == (200 if role in MANAGERS | {"officer"} else 403)


def test_registering_when_signed_in(client_as, resident, workshop):
    response = client_as(resident).post(
        reverse("workshops:register", args=[workshop.slug]),
        {"audience": "residents", "accessibility_needs": "Hearing loop", "consent": "on"},
    )
    registration = Registration.objects.get()
    assert response.url == reverse("workshops:registration", args=[registration.manage_token])
    assert registration.person == resident
    assert registration.accessibility_needs == "Hearing loop"


def test_a_registration_with_errors_keeps_what_was_typed_and_saves_nothing(client, workshop):
    response = client.post(
        reverse("workshops:register", args=[workshop.slug]),
        {
            "guest_name": "Nadia",
            "guest_email": "not-an-email",
            "audience": "residents",
            "dietary_requirements": "Vegan",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_guest_email"' in page
    assert 'href="#id_consent"' in page
    assert "Vegan" in page
    assert not Registration.objects.exists()


def test_a_guest_registers_confirms_and_cancels_through_private_links(client, workshop):
    client.post(
        reverse("workshops:register", args=[workshop.slug]),
        {
            "guest_name": "Nadia Khan",
            "guest_email": "nadia@example.org",
            "audience": "residents",
            "consent": "on",
        },
    )
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.UNCONFIRMED

    client.post(reverse("workshops:confirm_guest", args=[registration.manage_token]))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    page = client.get(
        reverse("workshops:registration", args=[registration.manage_token])
    ).content.decode()
    assert registration.code in page

    url = reverse("workshops:registration", args=[registration.manage_token])
    assert (
        "Your place goes to the first person on the waiting list"
        in client.post(url).content.decode()
    )
    registration.refresh_from_db()
    assert registration.status != RegistrationStatus.CANCELLED
    client.post(url, {"confirmed": "yes"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_the_guest_form_answers_the_same_for_any_address(client, workshop, resident):
    def register(email):
        return client.post(
            reverse("workshops:register", args=[workshop.slug]),
            {
                "guest_name": "Someone",
                "guest_email": email,
                "audience": "residents",
                "consent": "on",
            },
            follow=True,
        )

    fresh, has_account = register("new@example.org"), register(resident.email)
    again = register("new@example.org")
    pages = {
        r.content.decode().replace("new@example.org", "").replace(resident.email, "")
        for r in (fresh, has_account, again)
    }
    assert {r.status_code for r in (fresh, has_account, again)} == {200}
    assert fresh.redirect_chain == has_account.redirect_chain == again.redirect_chain  # PRG
    assert len(pages) == 1
    assert "Check your email" in pages.pop()
    assert Registration.objects.count() == 1


def test_a_wrong_private_link_is_a_404(client, db):
    assert client.get(reverse("workshops:registration", args=["nope"])).status_code == 404


def test_signed_in_people_cancel_their_own_place_from_the_workshop(client_as, resident, workshop):
    book(workshop, resident)
    client = client_as(resident)
    client.post(reverse("workshops:cancel_my_place", args=[workshop.slug]))
    assert workshop.registrations.active().exists()  # a stray click cancels nothing
    client.post(reverse("workshops:cancel_my_place", args=[workshop.slug]), {"confirmed": "yes"})
    assert not workshop.registrations.active().exists()


def test_someone_registered_already_who_signs_in_on_the_way_keeps_what_they_typed(
    client, resident, workshop
):
    registration = book(workshop, resident, accessibility_needs="Hearing loop")
    url = reverse("workshops:register", args=[workshop.slug])
    typed = {"audience": "residents", "dietary_requirements": "No nuts, please", "consent": "on"}
    response = client.post(url, {**typed, "_sign_in_first": "1"})
    carried = dict(hidden_fields(response.content.decode()))
    response = client.post(
        reverse("accounts:resume"), {**carried, "username": resident.email, "password": PASSWORD}
    )

    # Sent again, signed in: their place exists, and what they typed is offered for it.
    response = client.post(url, dict(hidden_fields(response.content.decode())))
    text = response.content.decode()
    assert response.status_code == 200
    assert "You are already registered for Meet the local bloggers" in text
    assert "No nuts, please</textarea>" in text
    assert "Hearing loop</textarea>" in text
    assert f'action="{reverse("workshops:change_needs", args=[workshop.slug])}"' in text

    response = client.post(
        reverse("workshops:change_needs", args=[workshop.slug]),
        {"accessibility_needs": "Hearing loop", "dietary_requirements": "No nuts, please"},
    )
    assert response.status_code == 302
    assert response.url == workshop.get_absolute_url()
    registration.refresh_from_db()
    assert registration.dietary_requirements == "No nuts, please"
    assert registration.accessibility_needs == "Hearing loop"
    assert Registration.objects.count() == 1


def test_the_form_sent_again_with_nothing_new_only_says_they_are_registered(
    client_as, resident, workshop
):
    book(workshop, resident, dietary_requirements="Vegan")
    response = client_as(resident).post(
        reverse("workshops:register", args=[workshop.slug]),
        {"audience": "residents", "dietary_requirements": "Vegan", "accessibility_needs": ""},
    )
    assert response.status_code == 302
    assert response.url == workshop.get_absolute_url()


@pytest.mark.parametrize("role", CAST)
def test_changing_needs_is_for_the_person_whose_place_it_is(
    client_as, person, resident, workshop, role
):
    book(workshop, resident)
    url = reverse("workshops:change_needs", args=[workshop.slug])
    client = client_as(person)
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith("/accounts/sign-in/")
    elif role == "resident":
        assert response.status_code == 200
        assert "Change your accessibility or dietary needs" in (
            client.get(workshop.get_absolute_url()).content.decode()
        )
    else:  # no place here: nothing to change, and someone else's place is never theirs
        assert response.status_code == 302
        assert response.url == workshop.get_absolute_url()
        client.post(url, {"dietary_requirements": "Changed"})
        assert Registration.objects.get().dietary_requirements == ""


def test_needs_too_long_are_refused_beside_the_field(client_as, resident, workshop):
    book(workshop, resident)
    response = client_as(resident).post(
        reverse("workshops:change_needs", args=[workshop.slug]),
        {"dietary_requirements": "x" * 1001},
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert Registration.objects.get().dietary_requirements == ""


def test_waiting_list_people_never_appear_in_the_attendee_list(
    client_as, coordinator, workshop, officer
):
    workshop.facilitators.add(officer)
    (
        book(workshop, UserFactory.create(full_name="Anna Place")),
        book(workshop, UserFactory.create(full_name="Ben Place")),
    )
    book(workshop, UserFactory.create(full_name="Cara Waiting"))

    facilitator_page = (
        client_as(officer)
        .get(reverse("workshops:attendance", args=[workshop.slug]))
        .content.decode()
    )
    assert "Anna Place" in facilitator_page
    assert "Cara Waiting" not in facilitator_page
    coordinator_page = (
        client_as(coordinator)
        .get(reverse("workshops:attendance", args=[workshop.slug]))
        .content.decode()
    )
    assert "Waiting list (not shown to attendees)" in coordinator_page
    assert "Cara Waiting" in coordinator_page


def test_only_facilitators_see_access_and_dietary_needs(client_as, coordinator, officer, workshop):
    workshop.facilitators.add(officer)
    book(workshop, UserFactory.create(), accessibility_needs="Wheelchair space")

    assert (
        "Wheelchair space"
        in client_as(officer)
        .get(reverse("workshops:attendance", args=[workshop.slug]))
        .content.decode()
    )
    assert (
        "Wheelchair space"
        not in client_as(coordinator)
        .get(reverse("workshops:attendance", args=[workshop.slug]))
        .content.decode()
    )


def test_marking_attendance_from_the_list_without_javascript(client_as, officer, workshop):
    workshop.facilitators.add(officer)
    registration = book(workshop, UserFactory.create())
    response = client_as(officer).post(
        reverse("workshops:attendance", args=[workshop.slug]),
        {"registration": registration.pk, "attended": "yes"},
    )
    assert response.status_code == 302
    # back to the list, at the row just marked
    assert response["Location"] == (
        f"{reverse('workshops:attendance', args=[workshop.slug])}#registration-{registration.pk}"
    )
    registration.refresh_from_db()
    assert registration.attended is True


def test_planning_through_the_form_with_the_internal_agenda_template(client_as, site_lead, site):
    response = client_as(site_lead).post(
        reverse("workshops:create"),
        {
            "site": site.pk,
            "title": "Kirklees internal workshop",
            "kind": "internal_briefing",
            "audiences": ["officers", "members"],
            "starts_at": "2026-12-10T10:00",
            "ends_at": "2026-12-10T13:00",
            "venue_name": "Town hall",
            "capacity": "25",
            "access": "open",
            "template": "internal",
        },
    )
    workshop = Workshop.objects.get()
    assert response.url == workshop.get_absolute_url()
    assert [item.title for item in workshop.agenda.all()][:2] == [
        "Team briefing",
        "Getting senior managers and members on board",
    ]


def test_a_plan_with_errors_is_refused_beside_the_fields(client_as, coordinator, site):
    response = client_as(coordinator).post(
        reverse("workshops:create"),
        {
            "site": site.pk,
            "title": "Backwards",
            "kind": "other",
            "audiences": ["residents"],
            "starts_at": "2026-12-10T10:00",
            "ends_at": "2026-12-10T09:00",
            "registration_closes_at": "2026-12-10T11:00",
            "capacity": "0",
            "access": "open",
        },
    )
    page = response.content.decode()
    for field in ("ends_at", "registration_closes_at", "venue_name", "capacity"):
        assert f'href="#id_{field}"' in page
    assert not Workshop.objects.exists()


def test_capacity_below_confirmed_is_refused_beside_the_field(client_as, coordinator, workshop):
    book(workshop, UserFactory.create()), book(workshop, UserFactory.create())
    data = {
        "title": workshop.title,
        "kind": workshop.kind,
        "audiences": workshop.audiences,
        "starts_at": "2026-12-20T10:00",
        "ends_at": "2026-12-20T13:00",
        "venue_name": "Town hall",
        "capacity": "1",
        "access": "open",
    }
    response = client_as(coordinator).post(reverse("workshops:edit", args=[workshop.slug]), data)
    assert "2 places are already confirmed" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.capacity == 2


def test_the_list_filters_and_exports(client_as, coordinator, site, other_site, workshop):
    WorkshopFactory.create(
        site=other_site, created_by=coordinator, title="At Chorley", kind="launch"
    )
    client = client_as(coordinator)

    page = client.get(reverse("workshops:list"), {"site": other_site.pk}).content.decode()
    assert "At Chorley" in page
    assert "Meet the local bloggers" not in page
    page = client.get(
        reverse("workshops:list"), {"kind": "launch", "when": "upcoming", "status": "published"}
    ).content.decode()
    assert "At Chorley" in page
    assert "Meet the local bloggers" not in page
    assert (
        "At Chorley" not in client.get(reverse("workshops:list"), {"when": "past"}).content.decode()
    )

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("workshops:list"), {"format": "csv"}).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0][:3] == ["Workshop", "Site", "Kind"]
    assert len(rows) == 3


def test_the_list_and_a_workshop_run_the_same_queries_at_10_and_500_rows(
    client, coordinator, site, workshop, assert_bounded_queries
):
    client.force_login(coordinator)

    def add(count):
        Workshop.objects.bulk_create(
            Workshop(
                site=site,
                title=f"W{n}",
                slug=f"w-{count}-{n}",
                kind="other",
                starts_at=workshop.starts_at,
                ends_at=workshop.ends_at,
                venue_name="Hall",
                capacity=5,
                status="published",
            )
            for n in range(count)
        )
        people = UserFactory.create_batch(2)
        Registration.objects.bulk_create(
            Registration(
                workshop=workshop,
                person=people[n % 2] if n < 2 else None,
                guest_name=f"G{n}",
                guest_email=f"g{count}-{n}@example.org",
                audience="residents",
                consented_at=workshop.created_at,
                status="waitlisted",
            )
            for n in range(count)
        )

    add(10)
    urls = [reverse("workshops:list"), workshop.get_absolute_url(), reverse("workshops:calendar")]
    assert_bounded_queries(urls, lambda: add(490))


def test_strange_input_is_never_a_500(client, workshop):
    for query in ({"site": "x"}, {"when": "yesterday"}, {"sort": "nope"}, {"page": "999"}):
        assert client.get(reverse("workshops:list"), query).status_code == 200
    assert (
        client.post(
            reverse("workshops:register", args=[workshop.slug]), {"audience": "aliens"}
        ).status_code
        == 400
    )
    assert (
        client.post(reverse("workshops:check_in", args=[workshop.slug]), {"code": ""}).status_code
        == 400
    )


def test_a_tampered_attendance_form_is_a_404_not_a_500(client_as, coordinator, workshop):
    response = client_as(coordinator).post(
        reverse("workshops:attendance", args=[workshop.slug]),
        {"registration": "abc", "attended": "yes"},
    )
    assert response.status_code == 404


def test_guest_registration_emails_to_one_address_are_limited(
    client, coordinator, site, mailoutbox, django_capture_on_commit_callbacks
):
    from workshops.services.registration import GUEST_EMAILS

    workshops = [
        WorkshopFactory.create(site=site, created_by=coordinator, title=f"Session {n}")
        for n in range(GUEST_EMAILS.count + 2)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for workshop in workshops:
            response = client.post(
                reverse("workshops:register", args=[workshop.slug]),
                {
                    "guest_name": "Nadia",
                    "guest_email": "nadia@example.org",
                    "audience": "residents",
                    "consent": "on",
                },
                follow=True,
            )
            assert "Check your email" in response.content.decode()
    assert len([m for m in mailoutbox if m.to == ["nadia@example.org"]]) == GUEST_EMAILS.count


def test_exported_times_are_uk_local_times_a_spreadsheet_reads(client_as, coordinator, site):
    import datetime as dt
    from zoneinfo import ZoneInfo

    # Half past midnight on 31 October 2027, the night the clocks go back: 23:30 UTC.
    starts = dt.datetime(2027, 10, 31, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    ends = starts.astimezone(dt.UTC) + dt.timedelta(hours=2)  # 01:30 GMT, after the change
    workshop = WorkshopFactory.create(
        site=site, created_by=coordinator, starts_at=starts, ends_at=ends
    )
    response = client_as(coordinator).get(reverse("workshops:list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if workshop.title in r)
    assert "2027-10-31 00:30" in row
    assert "2027-10-31 01:30" in row
    assert not any("+00:00" in cell or "T23:30" in cell for cell in row)


def test_a_registration_sent_without_its_choices_is_refused_in_plain_words(
    client_as, client, resident, workshop
):
    url = reverse("workshops:register", args=[workshop.slug])
    guest = client.post(url, {"dietary_requirements": "Vegan"}).content.decode()
    for words in (
        "Tell us your name",
        "Tell us your email address, so we can confirm your place",
        "Choose how you are coming",
        "Agree to the privacy notice",
    ):
        assert words in guest
    # Sent back after signing in on the way, without the choices made before it.
    signed = client_as(resident).post(url, {"dietary_requirements": "Vegan"})
    assert signed.status_code == 400
    page = signed.content.decode()
    assert "Choose how you are coming" in page
    assert "This field is required" not in page
    assert "Vegan" in page
    assert not Registration.objects.exists()
