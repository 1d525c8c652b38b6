"""A site's programme profile: who may see it, and what it shows."""

import pytest
from django.urls import reverse

from programme import services
from programme.models import Role, RoleGrant, StrandRole
from programme.services import meetings, strands
from tests.conftest import CAST
from tests.factories import RelatedInitiativeFactory, UserFactory

SEES_THE_PROFILE = {
    "coordinator",
    "critical_friend",
    "site_lead",
    "officer",
    "elected_member",
    "ambassador",
    "content_provider",
}


@pytest.mark.parametrize("role", CAST)
def test_the_site_profile_is_for_the_people_running_the_pilot(client_as, person, site, role):
    response = client_as(person).get(reverse("programme:site", args=[site.slug]))

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    elif role in SEES_THE_PROFILE:
        assert response.status_code == 200
        assert b"Kirklees Council" in response.content
    else:
        assert response.status_code == 403


def test_a_role_at_another_site_does_not_open_this_sites_profile(client_as, site, other_site):
    outsider = UserFactory.create()
    services.grant_role(actor=None, user=outsider, role=Role.OFFICER, site=other_site)

    assert client_as(outsider).get(reverse("programme:site", args=[site.slug])).status_code == 403


def test_the_profile_lists_people_initiatives_strand_contacts_and_open_actions(
    client_as, coordinator, officer, site
):
    RelatedInitiativeFactory.create(site=site, name="21st Century Councillor")
    strand = strands.add_strand(actor=coordinator, name="Social", slug="social")
    strands.assign_strand_role(
        actor=coordinator, strand=strand, user=officer, role=StrandRole.SITE_CONTACT, site=site
    )
    meetings.raise_action(
        actor=coordinator, title="Book the workshop room", owner=officer, site=site
    )

    page = client_as(coordinator).get(reverse("programme:site", args=[site.slug])).content.decode()

    assert "Owen Bright" in page
    assert "21st Century Councillor" in page
    assert "Social strand" in page
    assert "Book the workshop room" in page
    assert "Go-live checklist" in page


def test_revoked_roles_do_not_appear_on_the_site_profile(client_as, coordinator, officer, site):
    services.revoke_role(actor=coordinator, grant=RoleGrant.objects.get(user=officer))

    page = client_as(coordinator).get(reverse("programme:site", args=[site.slug])).content.decode()

    assert officer.full_name not in page


def test_dates_read_the_british_way(client_as, coordinator, site):
    page = client_as(coordinator).get(reverse("programme:site", args=[site.slug])).content.decode()
    assert "2 March 2026" in page


def test_the_home_page_links_a_site_only_for_people_who_may_open_it(
    client_as, coordinator, resident, site
):
    link = f'href="{reverse("programme:site", args=[site.slug])}"'

    assert link in client_as(coordinator).get("/").content.decode()
    assert link not in client_as(resident).get("/").content.decode()
    assert "Kirklees" in client_as(None).get("/").content.decode()


def test_site_profile_runs_a_fixed_number_of_queries(
    client, coordinator, assert_bounded_queries, site
):
    client.force_login(coordinator)

    def grow():
        for role in (Role.OFFICER, Role.AMBASSADOR, Role.ELECTED_MEMBER):
            for _ in range(3):
                services.grant_role(actor=None, user=UserFactory.create(), role=role, site=site)
        RelatedInitiativeFactory.create_batch(3, site=site)
        for n in range(4):
            meetings.raise_action(
                actor=coordinator, title=f"Action {n}", owner=coordinator, site=site
            )

    assert_bounded_queries(reverse("programme:site", args=[site.slug]), grow)
