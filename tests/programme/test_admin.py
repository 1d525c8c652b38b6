"""The back office: coordinators manage people, sites and roles; no one else gets in."""

import pytest
from axes.models import AccessAttempt
from django.utils.html import escape

from programme.models import ActivityLog, PilotSite, Role, RoleGrant
from tests.conftest import CAST
from tests.factories import UserFactory


@pytest.mark.parametrize("role", CAST)
def test_only_coordinators_and_staff_open_the_back_office(client_as, person, site, role):
    response = client_as(person).get("/admin/")
    if role == "coordinator":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def test_staff_may_open_the_back_office(client_as, db):
    assert client_as(UserFactory.create(is_staff=True)).get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/programme/user/",
        "/admin/programme/user/?role_grants__role=officer&q=owen",
        "/admin/programme/pilotsite/?council_kind=metropolitan",
        "/admin/programme/relatedinitiative/",
        "/admin/programme/rolegrant/?role=officer",
        "/admin/programme/activitylog/",
        "/admin/programme/rolegrant/add/",
        "/admin/programme/pilotsite/add/",
    ],
)
def test_coordinators_use_the_back_office_lists_and_filters(client_as, coordinator, officer, url):
    assert client_as(coordinator).get(url).status_code == 200


def test_granting_a_role_in_the_back_office_goes_through_the_service(client_as, coordinator, site):
    person = UserFactory.create()

    response = client_as(coordinator).post(
        "/admin/programme/rolegrant/add/",
        {"user": person.pk, "role": Role.OFFICER, "site": site.pk},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/programme/rolegrant/"
    grant = RoleGrant.objects.get(user=person)
    assert grant.granted_by == coordinator
    assert ActivityLog.objects.filter(action="programme.role.granted", actor=coordinator).exists()


def test_a_site_role_without_a_site_is_refused_beside_the_field(client_as, coordinator):
    person = UserFactory.create()

    response = client_as(coordinator).post(
        "/admin/programme/rolegrant/add/", {"user": person.pk, "role": Role.OFFICER}
    )

    assert response.status_code == 200
    assert "is held at a site" in response.content.decode()
    assert not RoleGrant.objects.filter(user=person).exists()


def test_a_role_already_held_is_refused_in_the_back_office(client_as, coordinator, officer, site):
    response = client_as(coordinator).post(
        "/admin/programme/rolegrant/add/",
        {"user": officer.pk, "role": Role.OFFICER, "site": site.pk},
    )

    assert "already holds this role" in response.content.decode()
    assert RoleGrant.objects.filter(user=officer).count() == 1


def test_revoking_roles_with_the_admin_action_asks_first(client_as, coordinator, officer):
    grant = RoleGrant.objects.get(user=officer)
    client = client_as(coordinator)
    chosen = {"action": "revoke_selected", "_selected_action": [grant.pk]}

    asked = client.post("/admin/programme/rolegrant/", chosen)
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "lose the role at once" in page
    assert escape(f"{officer.full_name}: Officer, Kirklees") in page
    assert "Yes, revoke 1 role" in page
    grant.refresh_from_db()
    assert grant.revoked_at is None  # one click on "Go" changed nothing

    client.post("/admin/programme/rolegrant/", {**chosen, "confirmed": "yes"})
    grant.refresh_from_db()
    assert grant.revoked_by == coordinator


def test_role_grants_cannot_be_deleted_or_edited(client_as, coordinator, officer):
    grant = RoleGrant.objects.get(user=officer)
    client = client_as(coordinator)

    assert (
        client.post(f"/admin/programme/rolegrant/{grant.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_saving_a_site_in_the_back_office_is_logged(client_as, coordinator):
    response = client_as(coordinator).post(
        "/admin/programme/pilotsite/add/",
        {
            "name": "Sefton",
            "slug": "sefton",
            "council_name": "Sefton Council",
            "council_kind": "metropolitan",
            "region": "North West",
            "joined_on": "2026-05-01",
            "description": "",
            "ambassador_target": "8",
            "initiatives-TOTAL_FORMS": "1",
            "initiatives-INITIAL_FORMS": "0",
            "initiatives-0-name": "Sefton Talks",
            "initiatives-0-description": "",
            "initiatives-0-url": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/programme/pilotsite/"
    sefton = PilotSite.objects.get(slug="sefton")
    assert sefton.initiatives.get().name == "Sefton Talks"
    assert ActivityLog.objects.filter(
        action="programme.site.created", site=sefton, actor=coordinator
    ).exists()
    assert ActivityLog.objects.filter(
        action="programme.initiative.created", actor=coordinator
    ).exists()


def test_a_site_with_roles_is_not_deleted(client_as, coordinator, officer, site):
    client_as(coordinator).post(f"/admin/programme/pilotsite/{site.pk}/delete/", {"post": "yes"})
    assert PilotSite.objects.filter(pk=site.pk).exists()


def test_critical_friends_cannot_change_anything_in_the_back_office(
    client_as, critical_friend, site
):
    url = f"/admin/programme/pilotsite/{site.pk}/change/"
    response = client_as(critical_friend).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"  # not staff: the admin's sign-in


def test_a_coordinator_lifts_a_sign_in_lock_in_the_back_office(
    client, client_as, coordinator, resident, settings
):
    from django.test import Client

    from tests.factories import PASSWORD

    locked = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked.post("/accounts/sign-in/", {"username": resident.email, "password": "wrong"})
    attempt = AccessAttempt.objects.get()

    admin_client = client_as(coordinator)
    assert admin_client.get("/admin/axes/accessattempt/").status_code == 200
    admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert not AccessAttempt.objects.exists()
    response = locked.post("/accounts/sign-in/", {"username": resident.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/programme/meeting/",
        "/admin/programme/actionitem/?status=open",
        "/admin/programme/update/",
        "/admin/programme/reply/",
        "/admin/programme/auditentry/?category=news",
        "/admin/programme/report/",
        "/admin/programme/moderationdecision/",
        "/admin/programme/golivesignoff/",
        "/admin/programme/buildstagechange/",
        "/admin/programme/surveyround/",
        "/admin/programme/strand/",
        "/admin/programme/strandmember/",
        "/admin/programme/strandmember/add/",
    ],
)
def test_coordinators_search_the_pilots_records_in_the_back_office(client_as, coordinator, url):
    assert client_as(coordinator).get(url).status_code == 200


def test_adding_a_strand_and_a_strand_role_in_the_back_office(
    client_as, coordinator, officer, site
):
    from programme.models import Strand, StrandMember

    client = client_as(coordinator)
    client.post(
        "/admin/programme/strand/add/", {"name": "Social", "slug": "social", "description": ""}
    )
    strand = Strand.objects.get(slug="social")

    refused = client.post(
        "/admin/programme/strandmember/add/",
        {"strand": strand.pk, "user": officer.pk, "role": "site_contact"},
    )
    assert "A site contact needs a site." in refused.content.decode()

    client.post(
        "/admin/programme/strandmember/add/",
        {"strand": strand.pk, "user": officer.pk, "role": "site_contact", "site": site.pk},
    )
    member = StrandMember.objects.get()
    assert member.site == site
    assert ActivityLog.objects.filter(
        action="programme.strand.role_assigned", actor=coordinator
    ).exists()

    chosen = {"action": "end_selected", "_selected_action": [member.pk]}
    asked = client.post("/admin/programme/strandmember/", chosen).content.decode()
    assert "Yes, end 1 strand role" in asked
    assert escape(str(member)) in asked
    member.refresh_from_db()
    assert member.ended_at is None  # asked first
    client.post("/admin/programme/strandmember/", {**chosen, "confirmed": "yes"})
    member.refresh_from_db()
    assert member.ended_at is not None


# A coordinator who is not a superuser cannot take over a staff or superuser account.


@pytest.fixture
def boss(db):
    return UserFactory.create(email="boss@example.org", is_staff=True, is_superuser=True)


def test_a_coordinator_cannot_set_a_superusers_password(client_as, coordinator, boss):
    client = client_as(coordinator)
    response = client.post(
        f"/admin/programme/user/{boss.pk}/password/",
        {"password1": "taken-over-password-9", "password2": "taken-over-password-9"},
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert not boss.check_password("taken-over-password-9")


def test_a_coordinator_cannot_change_a_staff_accounts_address(client_as, coordinator, db):
    staff = UserFactory.create(email="staff@example.org", is_staff=True)
    client = client_as(coordinator)
    page = client.get(f"/admin/programme/user/{staff.pk}/change/")
    assert page.status_code == 200
    assert b'name="email"' not in page.content
    response = client.post(
        f"/admin/programme/user/{staff.pk}/change/",
        {"email": "attacker@example.org", "full_name": "Staff", "is_active": "on"},
    )
    assert response.status_code == 403
    staff.refresh_from_db()
    assert staff.email == "staff@example.org"


def test_a_coordinator_never_types_someone_elses_address(client_as, coordinator, resident):
    client = client_as(coordinator)
    page = client.get(f"/admin/programme/user/{resident.pk}/change/")
    assert page.status_code == 200
    assert b'name="email"' not in page.content
    client.post(
        f"/admin/programme/user/{resident.pk}/change/",
        {
            "email": "attacker@example.org",
            "full_name": "Rosa Green",
            "is_active": "on",
            "role_grants-TOTAL_FORMS": "0",
            "role_grants-INITIAL_FORMS": "0",
        },
    )
    resident.refresh_from_db()
    assert resident.email == "resident@example.org"


def test_a_coordinator_cannot_change_a_superusers_roles(client_as, coordinator, boss, site):
    response = client_as(coordinator).post(
        "/admin/programme/rolegrant/add/",
        {"user": boss.pk, "role": Role.OFFICER, "site": site.pk},
    )
    assert response.status_code == 200
    assert "Only a superuser changes the roles of a staff account." in response.content.decode()
    assert not RoleGrant.objects.filter(user=boss).exists()


def test_a_superuser_still_manages_staff_accounts(client_as, boss, db):
    staff = UserFactory.create(is_staff=True)
    response = client_as(boss).post(
        f"/admin/programme/user/{staff.pk}/password/",
        {"password1": "a-new-good-password-7", "password2": "a-new-good-password-7"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/programme/user/{staff.pk}/change/"
    staff.refresh_from_db()
    assert staff.check_password("a-new-good-password-7")
