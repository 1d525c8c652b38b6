"""The programme's pages, for every member of the cast, anonymous included."""

import pytest
from django.urls import reverse

from programme import services
from programme.models import Role, RoleGrant
from tests.conftest import CAST
from tests.factories import PilotSiteFactory, RelatedInitiativeFactory, UserFactory

PUBLIC_PAGES = ["home", "accessibility", "privacy", "programme:sites"]


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_open_for_everyone(client_as, person, site, role, page):
    response = client_as(person).get(reverse(page))
    assert response.status_code == 200


@pytest.mark.parametrize("role", CAST)
def test_every_site_profile_is_public(client_as, person, site, role):
    response = client_as(person).get(reverse("programme:site", args=[site.slug]))
    assert response.status_code == 200
    assert b"Kirklees Council" in response.content


def test_home_lists_every_site_with_a_link_to_its_profile(client, site, other_site):
    response = client.get("/")

    for pilot in (site, other_site):
        assert f'href="/programme/sites/{pilot.slug}/"' in response.content.decode()


def test_an_unknown_site_is_a_404_page(client, db):
    response = client.get("/programme/sites/atlantis/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


SEES_EVERYONE = {
    "coordinator",
    "critical_friend",
    "site_lead",
    "officer",
    "elected_member",
    "ambassador",
    "content_provider",
}


@pytest.mark.parametrize("role", CAST)
def test_site_people_are_shown_in_full_only_to_people_running_the_pilot(
    client_as, person, site, role
):
    hidden = UserFactory(full_name="Hidden Officer")
    services.grant_role(actor=None, user=hidden, role=Role.OFFICER, site=site)
    shown = UserFactory(full_name="Shown Member")
    grant = services.grant_role(actor=None, user=shown, role=Role.ELECTED_MEMBER, site=site)
    services.update_profile(
        actor=shown,
        user=shown,
        full_name="Shown Member",
        display_name="",
        bio="",
        shown_grant_ids={grant.pk},
    )

    page = client_as(person).get(reverse("programme:site", args=[site.slug])).content.decode()

    assert "Shown Member" in page
    assert ("Hidden Officer" in page) == (role in SEES_EVERYONE)


def test_a_role_at_another_site_does_not_reveal_this_sites_people(client_as, other_site, site):
    outsider = UserFactory()
    services.grant_role(actor=None, user=outsider, role=Role.OFFICER, site=other_site)
    services.grant_role(
        actor=None, user=UserFactory(full_name="Hidden Officer"), role=Role.OFFICER, site=site
    )

    page = client_as(outsider).get(reverse("programme:site", args=[site.slug])).content.decode()

    assert "Hidden Officer" not in page


@pytest.mark.parametrize("role", CAST)
def test_navigation_shows_the_back_office_only_to_those_who_may_use_it(
    client_as, person, site, role
):
    page = client_as(person).get("/").content.decode()
    assert ('href="/admin/"' in page) == (role == "coordinator")


def test_home_runs_a_fixed_number_of_queries(assert_bounded_queries, site):
    def grow():
        for _ in range(5):
            RelatedInitiativeFactory(site=PilotSiteFactory())

    assert_bounded_queries("/", grow)


def test_site_list_runs_a_fixed_number_of_queries(assert_bounded_queries, site):
    def grow():
        for _ in range(5):
            RelatedInitiativeFactory(site=PilotSiteFactory())

    assert_bounded_queries(reverse("programme:sites"), grow)


def test_site_profile_runs_a_fixed_number_of_queries(
    client, coordinator, assert_bounded_queries, site
):
    client.force_login(coordinator)

    def grow():
        for role in (Role.OFFICER, Role.AMBASSADOR, Role.ELECTED_MEMBER):
            for _ in range(3):
                services.grant_role(actor=None, user=UserFactory(), role=role, site=site)
        RelatedInitiativeFactory.create_batch(3, site=site)

    assert_bounded_queries(reverse("programme:site", args=[site.slug]), grow)


def test_dates_read_the_british_way(client, site):
    page = client.get(reverse("programme:site", args=[site.slug])).content.decode()
    assert "2 March 2026" in page


def test_revoked_roles_do_not_appear_on_the_site_profile(client_as, coordinator, officer, site):
    services.revoke_role(actor=coordinator, grant=RoleGrant.objects.get(user=officer))

    page = client_as(coordinator).get(reverse("programme:site", args=[site.slug])).content.decode()

    assert officer.full_name not in page


def test_the_site_table_sorts_by_a_column_and_says_so(client, site, other_site):
    other_site.joined_on = site.joined_on.replace(year=2025)
    other_site.save()

    page = client.get(reverse("programme:sites"), {"sort": "-joined_on"}).content.decode()

    assert page.index("Kirklees") < page.index("Chorley")
    assert 'aria-sort="descending"' in page


@pytest.mark.parametrize("sort", ["nonsense", "initiatives", "\x00", "-" * 300])
def test_a_strange_sort_is_ignored_not_a_500(client, site, sort):
    assert client.get(reverse("programme:sites"), {"sort": sort}).status_code == 200


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("page", ["accounts:password_change", "accounts:password_change_done"])
def test_password_change_pages_are_for_signed_in_people(client_as, person, site, role, page):
    response = client_as(person).get(reverse(page))
    assert response.status_code == (302 if role == "anonymous" else 200)
