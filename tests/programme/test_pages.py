"""The programme's pages, for every member of the cast, anonymous included."""

import pytest
from django.urls import reverse

from tests.conftest import CAST
from tests.factories import PilotSiteFactory, RelatedInitiativeFactory

PUBLIC_PAGES = ["home", "accessibility", "privacy", "programme:sites"]


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_open_for_everyone(client_as, person, site, role, page):
    response = client_as(person).get(reverse(page))
    assert response.status_code == 200


def test_an_unknown_site_is_a_404_page(client_as, coordinator):
    response = client_as(coordinator).get("/programme/sites/atlantis/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.parametrize("role", CAST)
def test_navigation_shows_the_back_office_only_to_those_who_may_use_it(
    client_as, person, site, role
):
    page = client_as(person).get("/").content.decode()
    assert ('href="/admin/"' in page) == (role == "coordinator")


def test_home_runs_a_fixed_number_of_queries(assert_bounded_queries, site):
    def grow():
        for _ in range(5):
            RelatedInitiativeFactory.create(site=PilotSiteFactory.create())

    assert_bounded_queries("/", grow)


def test_site_list_runs_a_fixed_number_of_queries(assert_bounded_queries, site):
    def grow():
        for _ in range(5):
            RelatedInitiativeFactory.create(site=PilotSiteFactory.create())

    assert_bounded_queries(reverse("programme:sites"), grow)


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
    if role == "anonymous":
        assert response["Location"] == f"{reverse('accounts:login')}?next={reverse(page)}"
