"""A resident who arrives at a council's site stays in its frame (its header, site search and
sections) for the things the site exists for: a workshop and registering for it, a
consultation and commenting on it, applying to be an ambassador, signing in and up. Staff
pages and things that belong to no site keep the programme's frame."""

import re

import pytest
from django.urls import reverse

from programme.models import BuildStage, PilotSite
from tests.factories import PolicyDraftFactory, WorkshopFactory
from tests.policy_drafts.conftest import SECTIONS

SITE_SEARCH = 'action="/sites/kirklees/search/"'
PROGRAMME_NAV = 'class="vth-brand"'


@pytest.fixture
def live(site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    return site


@pytest.fixture
def workshop(coordinator, live):
    return WorkshopFactory.create(site=live, created_by=coordinator, title="Meet the bloggers")


@pytest.fixture
def consultation(coordinator, live):
    return PolicyDraftFactory.create(
        title="Kirklees social web policy", owners=[coordinator], sections=SECTIONS, site=live
    )


def in_council_frame(response) -> bool:
    page = response.content.decode()
    return SITE_SEARCH in page and PROGRAMME_NAV not in page and "Kirklees" in page


def title_of(response) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert found
    return found.group(1).strip()


def test_a_workshop_and_registering_for_it_are_in_the_councils_frame(client, workshop):
    page = client.get(workshop.get_absolute_url())
    assert in_council_frame(page)
    assert title_of(page) == "Meet the bloggers – Kirklees Town Hall"
    body = page.content.decode()
    # The breadcrumbs name the site's sections, not the staff table.
    assert 'href="/sites/kirklees/events/">Workshops and events</a>' in body
    assert 'href="/workshops/">Workshops</a>' not in body
    assert in_council_frame(client.get(reverse("workshops:register", args=[workshop.slug])))
    refused = client.post(reverse("workshops:register", args=[workshop.slug]), {})
    assert refused.status_code == 400
    assert in_council_frame(refused)


def test_a_guests_place_and_its_confirmation_are_in_the_councils_frame(client, workshop):
    client.post(
        reverse("workshops:register", args=[workshop.slug]),
        {
            "guest_name": "Rosa Green",
            "guest_email": "rosa@example.org",
            "audience": "residents",
            "consent": "on",
        },
    )
    registration = workshop.registrations.get()
    assert in_council_frame(
        client.get(reverse("workshops:guest_check_email", args=[workshop.slug]))
    )
    assert in_council_frame(
        client.get(reverse("workshops:confirm_guest", args=[registration.manage_token]))
    )
    assert in_council_frame(
        client.get(reverse("workshops:registration", args=[registration.manage_token]))
    )


def test_a_consultation_and_its_pages_are_in_the_councils_frame(
    client, client_as, resident, consultation
):
    version = consultation.versions.get()
    section = version.sections.first()
    for url in (
        consultation.get_absolute_url(),
        reverse("policy_drafts:version", args=[consultation.slug, version.number]),
        reverse("policy_drafts:compare", args=[consultation.slug, 1, 1]),
    ):
        assert in_council_frame(client.get(url)), url
    client_as(resident)
    assert in_council_frame(
        client.get(
            reverse(
                "policy_drafts:section_comments",
                args=[consultation.slug, version.number, section.key],
            )
        )
    )
    assert in_council_frame(
        client.get(
            reverse(
                "policy_drafts:comment_on_section",
                args=[consultation.slug, version.number, section.key],
            )
        )
    )


def test_signing_in_and_up_from_a_site_stay_in_its_frame(client, workshop):
    back = workshop.get_absolute_url()
    sign_in = client.get(reverse("accounts:login") + f"?next={back}")
    assert in_council_frame(sign_in)
    assert title_of(sign_in).endswith("– Kirklees Town Hall")
    assert in_council_frame(client.get(reverse("accounts:sign_up") + f"?next={back}"))
    from_home = client.get(reverse("accounts:login") + "?next=/sites/kirklees/")
    assert in_council_frame(from_home)
    refused = client.post(
        reverse("accounts:login"),
        {"username": "nobody@example.org", "password": "wrong", "next": back},
    )
    assert in_council_frame(refused)


def test_applying_from_a_site_stays_in_its_frame(client, live):
    assert in_council_frame(client.get(reverse("ambassadors:apply") + "?site=kirklees"))


def test_a_hostile_next_or_site_leaves_the_programme_frame(client, live):
    for query in (
        "?next=https://evil.example/sites/kirklees/",
        "?next=//evil.example/sites/kirklees/",
        "?next=/no/such/page/",
        "?site=" + "x" * 5000,
        "?site=%00",
    ):
        page = client.get(reverse("accounts:login") + query)
        assert page.status_code == 200, query
        assert PROGRAMME_NAV in page.content.decode(), query


def test_a_site_not_yet_live_keeps_the_programme_frame_for_the_public(client, coordinator, site):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator)
    page = client.get(workshop.get_absolute_url())
    assert page.status_code == 200
    assert PROGRAMME_NAV in page.content.decode()
    assert SITE_SEARCH not in page.content.decode()


def test_staff_pages_keep_the_programme_frame(client_as, coordinator, workshop):
    client = client_as(coordinator)
    for url in (
        reverse("workshops:list"),
        reverse("workshops:edit", args=[workshop.slug]),
        reverse("workshops:attendance", args=[workshop.slug]),
    ):
        assert PROGRAMME_NAV in client.get(url).content.decode(), url


def test_on_the_sites_own_host_its_workshops_and_signing_in_are_in_its_frame(
    client, workshop, settings
):
    from django.core.cache import cache

    from townhall.models import TownhallSite

    settings.ALLOWED_HOSTS = ["testserver", "together.kirklees.example"]
    cache.clear()
    TownhallSite.objects.filter(pilot_site=workshop.site).update(
        hostname="together.kirklees.example"
    )
    host = {"HTTP_HOST": "together.kirklees.example"}
    assert in_council_frame(client.get(workshop.get_absolute_url(), **host))
    back = workshop.get_absolute_url()
    assert in_council_frame(client.get(f"/accounts/sign-in/?next={back}", **host))


def test_the_account_pages_reached_from_a_site_are_in_its_frame(client_as, resident, live):
    client = client_as(resident)
    profile = client.get(reverse("accounts:profile") + "?site=kirklees")
    assert in_council_frame(profile)
    assert "/accounts/email/?site=kirklees" in profile.content.decode()
    for name in ("accounts:change_email", "accounts:close_account", "accounts:password_change"):
        assert in_council_frame(client.get(reverse(name) + "?site=kirklees")), name
    # Without a site, the programme's frame.
    assert PROGRAMME_NAV in client.get(reverse("accounts:profile")).content.decode()


def test_the_confirmation_link_from_a_site_is_in_its_frame(client, workshop):
    from programme.services.accounts import confirmation_link
    from tests.factories import UserFactory

    person = UserFactory.create(email_confirmed_at=None)
    link = confirmation_link(person, next_url=workshop.get_absolute_url())
    path = link.split("://", 1)[-1].split("/", 1)[1]
    assert in_council_frame(client.get("/" + path))


def privacy_links(response) -> list[str]:
    return re.findall(r'<a href="([^"]*)"[^>]*>privacy notice<', response.content.decode())


def test_every_form_asking_for_consent_links_the_privacy_notice_of_its_frame(client, workshop):
    """A person is asked to agree to the privacy notice: they can read it, the site's own in
    the council's frame (which links the programme's), the programme's elsewhere."""
    register = reverse("workshops:register", args=[workshop.slug])
    in_site = {
        "registering": client.get(register),
        "refused registration": client.post(register, {}),
        "applying": client.get(reverse("ambassadors:apply") + "?site=kirklees"),
        "signing up": client.get(reverse("accounts:sign_up") + f"?next={register}"),
    }
    for what, page in in_site.items():
        assert privacy_links(page) == ["/sites/kirklees/about/privacy/"], what
        assert client.get(privacy_links(page)[0]).status_code == 200, what
    for what, page in {
        "applying": client.get(reverse("ambassadors:apply")),
        "signing up": client.get(reverse("accounts:sign_up")),
    }.items():
        assert privacy_links(page) == [reverse("privacy")], what


def test_on_the_sites_own_host_the_privacy_notice_is_the_sites_there(client, workshop, settings):
    from django.core.cache import cache

    from townhall.models import TownhallSite

    settings.ALLOWED_HOSTS = ["testserver", "together.kirklees.example"]
    cache.clear()
    TownhallSite.objects.filter(pilot_site=workshop.site).update(
        hostname="together.kirklees.example"
    )
    host = {"HTTP_HOST": "together.kirklees.example"}
    page = client.get(reverse("workshops:register", args=[workshop.slug]), **host)
    [link] = privacy_links(page)
    assert client.get(link, **host).status_code == 200
    assert "Privacy notice for Kirklees" in client.get(link, **host).content.decode()
