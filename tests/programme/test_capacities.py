from programme import services
from programme.capacities import CapacityKind, capacities_for, capacity_for_key
from programme.models import Role, RoleGrant
from tests.factories import UserFactory


def test_a_resident_speaks_only_as_a_resident(resident):
    capacities = capacities_for(resident)

    assert [c.label for c in capacities] == ["Resident"]


def test_anonymous_people_have_no_capacity(db):
    from django.contrib.auth.models import AnonymousUser

    assert capacities_for(AnonymousUser()) == []


def test_an_officer_may_speak_as_officer_of_their_council_or_as_a_resident(officer):
    labels = [c.label for c in capacities_for(officer)]

    assert labels == ["Resident (personal view)", "Officer of Kirklees Council"]


def test_a_site_lead_speaks_as_an_officer(site_lead):
    kinds = [c.kind for c in capacities_for(site_lead)]
    assert kinds == [CapacityKind.RESIDENT, CapacityKind.OFFICER]


def test_capacities_cover_every_role_held(coordinator, site, other_site):
    person = UserFactory.create()
    services.grant_role(actor=coordinator, user=person, role=Role.ELECTED_MEMBER, site=site)
    services.grant_role(actor=coordinator, user=person, role=Role.AMBASSADOR, site=other_site)

    labels = [c.label for c in capacities_for(person)]

    assert labels == [
        "Resident (personal view)",
        "Community ambassador, Chorley",
        "Elected member for Kirklees Council",
    ]


def test_a_revoked_role_is_no_longer_a_capacity(coordinator, officer):
    services.revoke_role(actor=coordinator, grant=RoleGrant.objects.get(user=officer))

    assert [c.label for c in capacities_for(officer)] == ["Resident"]


def test_capacity_for_key_only_returns_capacities_held_now(officer, site):
    held = capacity_for_key(officer, "officer:kirklees")
    assert held is not None
    assert held.label == "Officer of Kirklees Council"
    assert capacity_for_key(officer, "elected_member:kirklees") is None
    assert capacity_for_key(officer, "officer:elsewhere") is None
