"""People pickers: search by name, only the people who fit, names and roles, at any size."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programme import services
from programme.models import ActionItem, Role, RoleGrant, User
from workshops.models import Workshop

from ..factories import UserFactory

FIND = reverse("programme:find_people")


def _holder(role: Role, site, name: str) -> User:
    user = UserFactory.create(full_name=name)
    services.grant_role(actor=None, user=user, role=role, site=site)
    return user


def _find(client, typed: str, *, fit: str = "site", site=None, name: str = "facilitators"):
    asked = {"fit": fit, "name": name, "id": f"id_{name}", f"{name}_q": typed}
    if site is not None:
        asked["site"] = site.pk
    return client.get(FIND, asked)


def _crowd(site, other_site, *, residents: int, officers: int) -> None:
    """Residents without a role, and officers split between two sites, made in bulk."""
    now = timezone.now()
    User.objects.bulk_create(
        User(email=f"resident{n}@example.org", full_name=f"Resident {n:05}", password="!")
        for n in range(residents)
    )
    staff = User.objects.bulk_create(
        User(
            email=f"officer{n}@example.org",
            full_name=f"Officer {n:04}",
            password="!",
            email_confirmed_at=now,
        )
        for n in range(officers)
    )
    RoleGrant.objects.bulk_create(
        RoleGrant(user=user, role=Role.OFFICER, site=site if n % 2 else other_site)
        for n, user in enumerate(staff)
    )


def test_with_ten_thousand_accounts_the_form_stays_small_and_the_search_finds_one(
    client_as, coordinator, site, other_site
):
    _crowd(site, other_site, residents=9_800, officers=200)
    assert User.objects.count() > 10_000
    client = client_as(coordinator)

    with CaptureQueriesContext(connection) as form_queries:
        form = client.get(reverse("workshops:create"))
    assert form.status_code == 200
    assert "Resident 0" not in form.content.decode()
    assert "Officer 0" not in form.content.decode()
    assert len(form.content) < 60_000
    assert len(form_queries) < 20

    with CaptureQueriesContext(connection) as search_queries:
        found = _find(client, "officer 0137", site=site).content.decode()
    assert found.count('role="option"') == 1
    assert "Officer 0137 (Officer, Kirklees)" in found
    assert len(search_queries) <= 6

    everyone = _find(client, "officer", site=site).content.decode()
    assert everyone.count('role="option"') == 20  # the first twenty; typing more narrows them
    assert "Resident" not in everyone
    assert "@example.org" not in everyone


def test_facilitators_are_people_with_a_role_at_the_site_or_across_the_programme(
    client_as, coordinator, site, other_site
):
    _holder(Role.OFFICER, site, "Olu Kirk")
    _holder(Role.OFFICER, other_site, "Olive Chorley")
    _holder(Role.CRITICAL_FRIEND, None, "Olga Friend")
    User.objects.create_user(email="ola@example.org", password="x", full_name="Ola Resident")
    found = _find(client_as(coordinator), "ol", site=site).content.decode()
    assert "Olu Kirk" in found
    assert "Olga Friend (Critical friend)" in found
    assert "Olive Chorley" not in found
    assert "Ola Resident" not in found


def test_only_people_running_the_pilot_may_search_and_hostile_asks_are_refused(
    client, client_as, resident, officer, site
):
    visitor = _find(client, "a")
    assert visitor.status_code == 302  # to sign in, then back to the same search
    asked = f"{FIND}?fit=site&name=facilitators&id=id_facilitators&facilitators_q=a"
    assert visitor["Location"] == f"{reverse('accounts:login')}?next={quote(asked, safe='/')}"
    assert _find(client_as(resident), "a").status_code == 403
    staff = client_as(officer)
    assert _find(staff, "a", fit="everyone").status_code == 404
    assert _find(staff, "a", name='x" onmouseover="alert(1)').status_code == 404
    assert staff.get(FIND, {"fit": "site", "name": "f", "id": "<script>"}).status_code == 404
    for site_param in ("1 or 1=1", "9" * 40, "-1"):
        query = {"fit": "site", "name": "f", "id": "f", "site": site_param}
        assert staff.get(FIND, query).status_code == 200


def _workshop_post(site, **extra):
    start = timezone.localtime() + dt.timedelta(days=20)
    data = {
        "site": site.pk,
        "title": "Bloggers' evening",
        "summary": "",
        "objectives": "Meet the bloggers.",
        "starts_at": start.strftime("%Y-%m-%dT18:00"),
        "ends_at": start.strftime("%Y-%m-%dT20:00"),
        "venue_name": "Town hall",
        "capacity": "20",
        "audiences": ["residents"],
        "access": "open",
    }
    data.update(extra)
    return data


def test_find_without_script_keeps_everything_typed_and_saves_nothing(
    client_as, coordinator, site_lead, site
):
    client = client_as(coordinator)
    response = client.post(
        reverse("workshops:create"),
        _workshop_post(
            site, facilitators=[coordinator.pk], facilitators_q="lai", _find="facilitators"
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Workshop.objects.exists()
    assert "There is a problem" not in page
    assert "Bloggers&#x27; evening" in page
    assert "People matching “lai”" in page
    assert "Laila Hussain (Site lead, Kirklees)" in page
    # who was chosen stays ticked; the match waits to be ticked
    assert f'value="{coordinator.pk}" id="id_facilitators_{coordinator.pk}" checked' in page
    assert f'value="{site_lead.pk}" id="id_facilitators_{site_lead.pk}">' in page

    nobody = client.post(
        reverse("workshops:create"),
        _workshop_post(site, facilitators_q="zzz", _find="facilitators"),
    ).content.decode()
    assert "No one who fits matches “zzz”" in nobody


def test_a_resident_or_someone_from_another_site_cannot_be_slipped_in(
    client_as, coordinator, resident, site, other_site
):
    elsewhere = _holder(Role.OFFICER, other_site, "Olive Chorley")
    client = client_as(coordinator)
    posted = client.post(
        reverse("workshops:create"), _workshop_post(site, facilitators=[resident.pk])
    )
    assert posted.status_code == 400
    assert not Workshop.objects.exists()
    assert "not one of the available choices" in posted.content.decode()

    posted = client.post(
        reverse("workshops:create"), _workshop_post(site, facilitators=[elsewhere.pk])
    )
    page = posted.content.decode()
    assert posted.status_code == 400
    assert not Workshop.objects.exists()
    assert "Olive Chorley has no role at Kirklees or across the programme." in page
    assert 'href="#id_facilitators_q"' in page  # the summary links to the search box


def test_one_person_fields_refuse_two_and_keep_the_one(client_as, coordinator, officer, site_lead):
    client = client_as(coordinator)
    two = client.post(
        reverse("programme:action_create"),
        {"title": "Book a room", "owner": [officer.pk, site_lead.pk]},
    )
    assert two.status_code == 200
    assert "Choose one person." in two.content.decode()
    one = client.post(
        reverse("programme:action_create"), {"title": "Book a room", "owner": officer.pk}
    )
    assert one.status_code == 302
    assert one["Location"] == reverse("programme:actions")  # a coordinator sees them all
    assert ActionItem.objects.get().owner == officer


@pytest.mark.parametrize("hostile", ["9" * 40, "-1", "0", "1e3", "٣"])
def test_a_tampered_person_id_is_refused_beside_the_field_never_a_500(
    client_as, coordinator, site, hostile
):
    response = client_as(coordinator).post(
        reverse("workshops:create"),
        _workshop_post(site, facilitators=[hostile], facilitators_q="", _find="facilitators"),
    )
    assert response.status_code == 200  # a search: the form comes back as typed
    data = {**_workshop_post(site, facilitators=[hostile]), "site": hostile}
    saved = client_as(coordinator).post(reverse("workshops:create"), data)
    assert saved.status_code == 400
    assert not Workshop.objects.exists()


def test_a_name_typed_but_never_chosen_is_said_beside_the_picker_and_nothing_is_sent(
    client_as, coordinator, site_lead, site
):
    client = client_as(coordinator)
    response = client.post(
        reverse("workshops:create"),
        _workshop_post(site, facilitators=[coordinator.pk], facilitators_q="Laila"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert not Workshop.objects.exists()
    assert "You typed “Laila” but did not choose anyone" in page
    assert 'id="id_facilitators_q" name="facilitators_q" value="Laila"' in page  # kept
    # Cleared (or chosen, which clears it): the same form is saved.
    saved = client.post(
        reverse("workshops:create"),
        _workshop_post(site, facilitators=[coordinator.pk], kind="other"),
    )
    assert saved.status_code == 302
    assert Workshop.objects.count() == 1
    assert saved["Location"] == Workshop.objects.get().get_absolute_url()


def test_people_are_found_and_shown_as_their_personas_to_all_but_coordinators(
    client_as, coordinator, site_lead, site
):
    amir = _holder(Role.AMBASSADOR, site, "Amir Patel")
    amir.display_name = "Amir P."
    amir.save(update_fields=["display_name"])
    RoleGrant.objects.filter(user=amir).update(shown_on_persona=False)
    _holder(Role.OFFICER, site, "Owen Bright")

    lead = client_as(site_lead)
    by_surname = _find(lead, "Patel", fit="programme", name="people").content.decode()
    assert "Amir" not in by_surname  # his full name finds him for no one but coordinators
    shown = _find(lead, "Amir", fit="programme", name="people").content.decode()
    assert "Amir P." in shown
    assert "Patel" not in shown
    assert "ambassador" not in shown.lower()

    full = _find(client_as(coordinator), "Patel", fit="programme", name="people").content
    assert "Amir Patel (Community ambassador, Kirklees)" in full.decode()

    # A site lead's workshop form without script: the Find shows the personas too.
    found = (
        client_as(site_lead)
        .post(
            reverse("workshops:create"),
            _workshop_post(site, facilitators_q="Amir", _find="facilitators"),
        )
        .content.decode()
    )
    assert "Amir P." in found
    assert "Amir Patel" not in found
