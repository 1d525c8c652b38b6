"""Applying signed in is applying as yourself (issue #24): the application is in the
account's own name and confirmed address, shown on the form and never typed, whatever
is sent. Applying without an account works as before."""

import html

import pytest
from django.core.cache import cache
from django.urls import reverse

from ambassadors import services
from ambassadors.models import Application, Task
from programme.platform.outcomes import ToldByEmail
from tests.factories import UserFactory

from .conftest import apply_to

IMPERSONATED = {"full_name": "Cllr Margaret Lee", "email": "member@kirklees.demo.example"}


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


@pytest.fixture
def emails(mailoutbox, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda send, *args, **kwargs: send())
    return mailoutbox


def form_data(site, **extra):
    data = {
        "site": site.pk,
        "neighbourhood": "Lindley",
        "motivation": "I run the residents' newsletter.",
        "tasks": [Task.objects.get(name="Spreading the word").pk],
        "consent": "on",
    }
    return data | extra


def test_a_signed_in_applicant_applies_as_themselves_whatever_is_typed(
    client_as, resident, menus, site, emails
):
    """The finding: a confirmed account sent the councillor's name and address."""
    response = client_as(resident).post(
        reverse("ambassadors:apply"), form_data(site, **IMPERSONATED)
    )
    assert response.status_code == 302
    assert response.url == reverse("ambassadors:applied") + f"?site={site.slug}"
    application = Application.objects.get()
    assert application.full_name == resident.full_name
    assert application.email == resident.email
    assert application.person == resident
    assert [message.to for message in emails] == [[resident.email]]
    assert all(IMPERSONATED["email"] not in message.body for message in emails)


def test_the_form_shows_a_signed_in_applicant_their_name_and_address_and_asks_for_neither(
    client_as, resident, menus, site
):
    page = client_as(resident).get(reverse("ambassadors:apply")).content.decode()
    assert 'name="full_name"' not in page
    assert 'name="email"' not in page
    assert "You are applying as" in page
    assert html.escape(resident.full_name) in page
    assert resident.email in page


def test_someone_not_signed_in_still_gives_their_name_and_address(client, menus, site, emails):
    page = client.get(reverse("ambassadors:apply")).content.decode()
    assert 'name="full_name"' in page
    assert 'name="email"' in page
    assert "You are applying as" not in page
    response = client.post(
        reverse("ambassadors:apply"),
        form_data(site, full_name="Nadia Khan", email="nadia@example.org"),
    )
    assert response.url == reverse("ambassadors:applied") + f"?site={site.slug}"
    application = Application.objects.get()
    assert (application.full_name, application.email) == ("Nadia Khan", "nadia@example.org")
    assert application.person is None


def test_an_unconfirmed_account_confirms_before_applying_its_words_kept(
    client_as, menus, site, emails
):
    newcomer = UserFactory.create(email_confirmed_at=None)
    client = client_as(newcomer)
    response = client.post(reverse("ambassadors:apply"), form_data(site, **IMPERSONATED))
    assert not Application.objects.exists()
    assert emails == []
    assert response.url == reverse("accounts:confirm_first")
    page = client.get(response.url).content.decode()
    assert "residents&#x27; newsletter" in page or "residents' newsletter" in page


def test_the_service_refuses_a_name_or_address_not_the_accounts(resident, menus, site):
    for typed in (
        {"email": IMPERSONATED["email"]},
        {"full_name": IMPERSONATED["full_name"]},
        IMPERSONATED,
    ):
        with pytest.raises(services.AmbassadorError) as error:
            apply_to(site, person=resident, **typed)
        assert error.value.code == "not_your_identity"
    assert not Application.objects.exists()


def test_the_service_takes_the_name_and_address_from_the_account(resident, menus, site):
    application = apply_to(site, person=resident)
    assert (application.full_name, application.email) == (resident.full_name, resident.email)
    # Typed as on the account (in any case) is the same person.
    again = apply_to(site, person=resident, email=resident.email.upper())
    assert again == ToldByEmail("applied_already")  # its status link is sent again


def test_the_service_needs_a_name_and_address_from_someone_not_signed_in(menus, site):
    with pytest.raises(services.AmbassadorError) as error:
        apply_to(site, full_name=" ", email="")
    assert error.value.code == "applicant_details"


def test_the_role_goes_to_the_account_whose_confirmed_address_it_is(
    coordinator, resident, menus, site
):
    from programme.models import Role, RoleGrant

    from .conftest import approved_only

    application = apply_to(site, person=resident)
    application = approved_only(coordinator, application)
    application.onboarding.update(done_at="2026-01-01T00:00Z")
    application = services.complete_onboarding(actor=coordinator, application=application)
    grant = RoleGrant.objects.active().get(role=Role.AMBASSADOR, site=site)
    assert grant.user == resident
    assert grant.user.email == application.email
