import pytest
from django.db import IntegrityError, transaction

from programme import services
from programme.models import ActivityLog, Role, RoleGrant, User
from tests.factories import PASSWORD, UserFactory


def test_create_account_stores_the_address_lower_cased_and_logs_it(db):
    user = services.create_account(
        email=" Ann@Example.ORG ", full_name="Ann Other", password=PASSWORD
    )

    assert user.email == "ann@example.org"
    assert user.check_password(PASSWORD)
    assert ActivityLog.objects.filter(action="programme.account.created", actor=user).exists()


def test_create_account_refuses_an_address_in_use_whatever_its_case(db):
    services.create_account(email="ann@example.org", full_name="Ann", password=PASSWORD)

    with pytest.raises(services.ProgrammeError) as error:
        services.create_account(email="ANN@example.org", full_name="Ann Again", password=PASSWORD)

    assert error.value.code == "email_taken"
    assert User.objects.count() == 1


def test_create_account_refuses_a_weak_password_and_creates_nothing(db):
    with pytest.raises(services.ProgrammeError) as error:
        services.create_account(email="ann@example.org", full_name="Ann", password="password")

    assert error.value.code == "weak_password"
    assert "too common" in error.value.message
    assert not User.objects.exists()


def test_the_database_refuses_two_addresses_differing_only_in_case(db):
    UserFactory.create(email="bob@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="BOB@example.org", full_name="Bob")


def test_grant_role_records_who_granted_it_and_logs(coordinator, site):
    person = UserFactory.create()

    grant = services.grant_role(actor=coordinator, user=person, role=Role.OFFICER, site=site)

    assert grant.granted_by == coordinator
    assert grant.is_active
    entry = ActivityLog.objects.get(action="programme.role.granted", target_id=str(grant.pk))
    assert entry.actor == coordinator
    assert entry.site == site


def test_a_person_can_hold_several_roles(coordinator, site, other_site):
    person = UserFactory.create()
    services.grant_role(actor=coordinator, user=person, role=Role.OFFICER, site=site)
    services.grant_role(actor=coordinator, user=person, role=Role.AMBASSADOR, site=other_site)
    services.grant_role(actor=coordinator, user=person, role=Role.CRITICAL_FRIEND)

    assert RoleGrant.objects.active().filter(user=person).count() == 3


def test_grant_role_refuses_a_role_already_held(coordinator, site):
    person = UserFactory.create()
    services.grant_role(actor=coordinator, user=person, role=Role.OFFICER, site=site)

    with pytest.raises(services.ProgrammeError) as error:
        services.grant_role(actor=coordinator, user=person, role=Role.OFFICER, site=site)

    assert error.value.code == "already_held"


@pytest.mark.parametrize(
    ("role", "with_site", "code"),
    [
        (Role.COORDINATOR, True, "role_has_no_site"),
        (Role.CRITICAL_FRIEND, True, "role_has_no_site"),
        (Role.OFFICER, False, "role_needs_site"),
        (Role.SITE_LEAD, False, "role_needs_site"),
    ],
)
def test_grant_role_checks_programme_and_site_roles(coordinator, site, role, with_site, code):
    with pytest.raises(services.ProgrammeError) as error:
        services.grant_role(
            actor=coordinator,
            user=UserFactory.create(),
            role=role,
            site=site if with_site else None,
        )
    assert error.value.code == code


def test_the_database_refuses_a_site_role_without_a_site(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=UserFactory.create(), role=Role.OFFICER, site=None)


def test_the_database_refuses_a_second_active_grant_of_the_same_role(site):
    person = UserFactory.create()
    RoleGrant.objects.create(user=person, role=Role.OFFICER, site=site)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=person, role=Role.OFFICER, site=site)


def test_revoke_role_keeps_the_grant_in_history(coordinator, officer):
    grant = RoleGrant.objects.get(user=officer)

    services.revoke_role(actor=coordinator, grant=grant)

    grant.refresh_from_db()
    assert grant.revoked_by == coordinator
    assert grant.revoked_at is not None
    assert not RoleGrant.objects.active().filter(user=officer).exists()
    assert ActivityLog.objects.filter(action="programme.role.revoked", actor=coordinator).exists()


def test_a_revoked_role_can_be_granted_again(coordinator, officer, site):
    services.revoke_role(actor=coordinator, grant=RoleGrant.objects.get(user=officer))

    services.grant_role(actor=coordinator, user=officer, role=Role.OFFICER, site=site)

    assert RoleGrant.objects.filter(user=officer).count() == 2
    assert RoleGrant.objects.active().filter(user=officer).count() == 1


def test_revoking_twice_is_refused(coordinator, officer):
    grant = RoleGrant.objects.get(user=officer)
    services.revoke_role(actor=coordinator, grant=grant)

    with pytest.raises(services.ProgrammeError) as error:
        services.revoke_role(actor=coordinator, grant=grant)
    assert error.value.code == "already_revoked"


def test_update_profile_saves_the_persona_and_the_roles_shown(officer):
    grant = RoleGrant.objects.get(user=officer)

    services.update_profile(
        actor=officer,
        user=officer,
        full_name="Owen Bright",
        display_name="Owen B.",
        bio="Digital officer.",
        shown_grant_ids={grant.pk},
    )

    officer.refresh_from_db()
    grant.refresh_from_db()
    assert officer.public_name == "Owen B."
    assert officer.bio == "Digital officer."
    assert grant.shown_on_persona


def test_update_profile_refuses_to_show_someone_elses_role(officer, ambassador):
    others = RoleGrant.objects.get(user=ambassador)

    with pytest.raises(services.ProgrammeError) as error:
        services.update_profile(
            actor=officer,
            user=officer,
            full_name="Owen",
            display_name="Sneaky",
            bio="",
            shown_grant_ids={others.pk},
        )

    assert error.value.code == "not_your_role"
    officer.refresh_from_db()
    assert officer.display_name == ""  # nothing changed


def test_update_profile_refuses_editing_another_person(officer, resident):
    with pytest.raises(services.ProgrammeError) as error:
        services.update_profile(
            actor=officer,
            user=resident,
            full_name="X",
            display_name="",
            bio="",
            shown_grant_ids=set(),
        )
    assert error.value.code == "not_yours"


def test_set_password_logs_the_change(resident):
    services.set_password(user=resident, password="another-long-password-7", how="changed")

    resident.refresh_from_db()
    assert resident.check_password("another-long-password-7")
    assert ActivityLog.objects.filter(action="programme.password.changed", actor=resident).exists()
