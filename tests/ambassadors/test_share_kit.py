"""The share kit (#27): what a site has to share now, with the person's own links and ready
posts for each network; who may open it; their code, and revoking it."""

from __future__ import annotations

import html
import itertools
import re

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from policy_drafts import services as draft_services
from programme import hooks
from programme import services as programme_services
from programme.models import BuildStage, Event, PilotSite, Role, ShareCode, Tally
from programme.services import reach as reach_services
from programme.sharing import Shareable, things_to_share
from tests.factories import PolicyDraftFactory, UserFactory, WorkshopFactory
from tests.matching import found
from tests.policy_drafts.conftest import SECTIONS
from tests.townhall.test_site_frame import publish
from tests.workshops.conftest import at
from townhall.models import TownhallSite
from townhall.permissions import site_for
from workshops.models import Access, Workshop

BASE = "https://town.example"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
KIT = "/ambassadors/me/share/"
numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


def person_at(site, role: Role, email: str):
    user = UserFactory.create(email=email)
    programme_services.grant_role(actor=None, user=user, role=role, site=site)
    return user


def go_live(site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    site.refresh_from_db()
    return site_for(site.slug)


def consultation(coordinator, title, site=None, **status):
    return PolicyDraftFactory.create(
        title=title,
        owners=[coordinator],
        sections=SECTIONS,
        site=site,
        summary=f"About {title}.",
        **status,
    )


def workshop(coordinator, site, title, **extra):
    n = next(numbers)
    fields = {"starts_at": at(5 + n), "ends_at": at(5 + n, 13)} | extra
    return WorkshopFactory.create(site=site, created_by=coordinator, title=title, **fields)


def news(site_lead, townhall, title):
    return publish(site_lead, townhall, "news", title, summary=f"All about {title}.")


@pytest.fixture
def kirklees(site, other_site, coordinator, site_lead):
    """Kirklees live, with what it has to share and what it must not; Chorley's things too."""
    townhall = go_live(site)
    TownhallSite.objects.filter(pk=townhall.pk).update(name="Kirklees Together")
    workshop(coordinator, site, "Meet the local bloggers")
    workshop(coordinator, site, "Invited guests only", access=Access.INVITATION)
    consultation(coordinator, "Kirklees parks plan", site)
    draft = consultation(coordinator, "Closed bins plan", site)
    draft_services.set_status(actor=coordinator, draft=draft, status="reviewing")
    news(site_lead, site_for(site.slug), "Library reopens")
    chorley = go_live(other_site)
    workshop(coordinator, other_site, "Chorley coffee morning")
    consultation(coordinator, "Chorley transport plan", other_site)
    news(person_at(other_site, Role.SITE_LEAD, "lead@chorley.example"), chorley, "Chorley fair")
    return site


def text(response) -> str:
    return html.unescape(response.content.decode())


def words(page: str) -> str:
    """What a page says, without its markup."""
    return " ".join(re.sub(r"<[^>]+>", "", page).split())


def test_the_kit_lists_the_sites_public_things_and_nothing_else(client_as, ambassador, kirklees):
    page = client_as(ambassador).get(KIT)
    assert page.status_code == 200
    shown = text(page)
    for title in ("Kirklees Together", "Meet the local bloggers", "Kirklees parks plan"):
        assert title in shown
    assert "Library reopens" in shown
    for hidden in ("Invited guests only", "Closed bins plan", "Chorley"):
        assert hidden not in shown, hidden


def test_each_link_carries_the_persons_own_code_and_the_networks_channel(
    client_as, ambassador, kirklees
):
    page = text(client_as(ambassador).get(KIT))
    code = ShareCode.objects.get(person=ambassador, site=kirklees, revoked_at__isnull=True)
    assert f"Your code: {code.code}" in words(page)
    workshop_path = Workshop.objects.get(title="Meet the local bloggers").get_absolute_url()
    for channel in ("mastodon", "bluesky", "x", "facebook", "whatsapp", "linkedin", "email"):
        assert f"{BASE}{workshop_path}?via={code.code}&ch={channel}" in page, channel
    assert f"{BASE}{workshop_path}?via={code.code}&ch=link" in page  # the plain link to copy
    # The share addresses, each with the post (or the link) for its own channel.
    assert "https://bsky.app/intent/compose?text=" in page
    assert "ch%3Dbluesky" in page
    assert "https://x.com/intent/post?text=" in page
    assert "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Ftown.example" in page
    assert "https://wa.me/?text=" in page
    assert "mailto:?subject=" in page
    assert "https://www.linkedin.com/sharing/share-offsite/?url=" in page
    # Every code in every address on the page is the person's own.
    assert set(re.findall(r"via=([a-z0-9]+)", page)) == {code.code}
    assert set(re.findall(r"via%3D([a-z0-9]+)", page)) == {code.code}
    # Links that leave open a new tab, safely, and say so.
    outside = re.findall(r'<(?:a|form) [^>]*target="_blank"[^>]*>', page)
    assert outside
    assert all('rel="noopener noreferrer"' in a for a in outside)
    assert page.count("(opens in a new tab)") == len(outside)
    assert 'href="mailto:' in page
    assert not re.search(r'href="mailto:[^"]*" target', page)


def test_following_a_link_from_the_kit_counts_an_arrival_for_that_code(
    client, client_as, ambassador, kirklees
):
    page = text(client_as(ambassador).get(KIT))
    code = ShareCode.objects.get(person=ambassador, revoked_at__isnull=True)
    link = found(rf"{BASE}(/workshops/[^?\"]+)\?via={code.code}&ch=bluesky", page, 1)
    client.logout()
    arrived = client.get(link, {"via": code.code, "ch": "bluesky"}, headers={"User-Agent": BROWSER})
    assert arrived.status_code == 200
    counted = Tally.objects.filter(event=Event.ARRIVAL, code=code, channel="bluesky")
    assert counted.aggregate(n=Sum("count"))["n"] == 1


@pytest.mark.parametrize("role", ["anonymous", "resident"])
def test_people_without_a_role_have_no_kit(client_as, person, role, kirklees):
    page = client_as(person).get(KIT, {"site": kirklees.slug})
    if person is None:
        assert page.status_code == 302
        assert page["Location"].startswith("/accounts/sign-in/")
    else:
        assert page.status_code == 403
    assert not ShareCode.objects.exists()


def test_someone_from_another_site_cannot_open_this_sites_kit(client_as, kirklees, other_site):
    chorley_ambassador = person_at(other_site, Role.AMBASSADOR, "amb@chorley.example")
    client = client_as(chorley_ambassador)
    assert client.get(KIT, {"site": kirklees.slug}).status_code == 404
    assert client.get(KIT, {"site": "nowhere"}).status_code == 404
    own = text(client.get(KIT))  # their own site's, the only one they share for
    assert "Chorley transport plan" in own
    assert "Kirklees parks plan" not in own
    assert not ShareCode.objects.filter(site=kirklees).exists()


def test_a_coordinator_chooses_a_site_and_sees_its_own_code_too(client_as, coordinator, kirklees):
    client = client_as(coordinator)
    chooser = text(client.get(KIT))
    assert f"{KIT}?site=kirklees" in chooser
    assert f"{KIT}?site=chorley" in chooser
    page = text(client.get(KIT, {"site": "kirklees"}))
    assert "Use the site's own code" in page
    site_page = text(client.get(KIT, {"site": "kirklees", "code": "site"}))
    site_code = ShareCode.objects.get(site=kirklees, is_site_code=True, revoked_at__isnull=True)
    assert f"Site code: {site_code.code}" in words(site_page)
    assert set(re.findall(r"via=([a-z0-9]+)", site_page)) == {site_code.code}


def test_an_ambassador_does_not_get_the_site_code(client_as, ambassador, kirklees):
    page = text(client_as(ambassador).get(KIT, {"site": "kirklees", "code": "site"}))
    assert "Use the site's own code" not in page
    assert "Site code" not in page
    assert not ShareCode.objects.filter(is_site_code=True).exists()


def test_revoking_gives_a_new_code_and_old_links_stop_counting(
    client, client_as, ambassador, kirklees
):
    kit = client_as(ambassador)
    kit.get(KIT)
    old = ShareCode.objects.get(person=ambassador, revoked_at__isnull=True)
    done = kit.post(reverse("ambassadors:revoke_code"), {"site": "kirklees", "code": old.code})
    assert done.status_code == 302
    assert done["Location"] == f"{KIT}?site=kirklees"
    page = text(kit.get(done["Location"]))
    new = ShareCode.objects.get(person=ambassador, revoked_at__isnull=True)
    assert new.code != old.code
    assert f"Code {old.code} is revoked" in page
    assert f"Your code: {new.code}" in words(page)
    assert f"via={old.code}" not in page
    client.logout()
    client.get(
        "/workshops/meet-the-local-bloggers/",
        {"via": old.code, "ch": "x"},
        headers={"User-Agent": BROWSER},
    )
    assert not Tally.objects.filter(event=Event.ARRIVAL, code__isnull=False).exists()


def test_revoking_someone_elses_code_is_refused(client_as, ambassador, officer, kirklees):
    theirs = reach_services.share_code_for(officer, kirklees)
    answer = client_as(ambassador).post(
        reverse("ambassadors:revoke_code"), {"site": "kirklees", "code": theirs.code}
    )
    assert answer.status_code == 403
    theirs.refresh_from_db()
    assert theirs.is_active


def test_the_mastodon_door_goes_only_to_a_servers_share_page(client_as, ambassador, kirklees):
    client = client_as(ambassador)
    door = reverse("ambassadors:share_mastodon")
    went = client.post(door, {"server": "mastodon.social", "text": "Hello & welcome"})
    assert went.status_code == 302
    assert went["Location"] == "https://mastodon.social/share?text=Hello%20%26%20welcome"
    for hostile in ("evil.example/steal", "//evil.example", "127.0.0.1", "localhost", ""):
        refused = client.post(door, {"server": hostile, "text": "Hello"})
        assert refused.status_code == 400
        assert "Location" not in refused
        assert "Enter" in refused.content.decode()
    # A link cannot send anyone anywhere: only the kit's own form, with its CSRF token.
    assert client.get(door, {"server": "evil.example", "text": "Free money"}).status_code == 405
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(ambassador)
    refused = guarded.post(door, {"server": "evil.example", "text": "Free money"})
    assert refused.status_code == 403
    assert "Location" not in refused


def test_the_ambassador_page_and_the_site_dashboard_lead_to_the_kit(
    client_as, ambassador, site_lead, kirklees
):
    assert KIT in client_as(ambassador).get(reverse("ambassadors:onboarding")).content.decode()
    dashboard = client_as(site_lead).get(reverse("townhall:dashboard", args=["kirklees"]))
    assert f"{KIT}?site=kirklees" in dashboard.content.decode()


def test_a_site_not_live_shares_its_workshops_but_not_its_home(client_as, coordinator, site):
    workshop(coordinator, site, "Meet the local bloggers")
    things = things_to_share(site)
    assert [thing.kind for thing in things] == ["workshop"]
    assert things[0].image_url == ""  # its page shows the programme's card, not the site's


def test_the_pictures_are_the_cards_the_pages_name(client, kirklees):
    things = {thing.kind: thing for thing in things_to_share(kirklees)}
    for kind in ("site", "workshop", "consultation", "news"):
        assert things[kind].image_url.startswith(f"{BASE}/sites/kirklees/cards/"), kind
        assert things[kind].image_alt
    workshop_page = client.get(things["workshop"].path).content.decode()
    assert html.escape(things["workshop"].image_url) in workshop_page


def test_the_kit_reads_a_fixed_number_of_queries(
    client_as, ambassador, coordinator, site_lead, kirklees, assert_bounded_queries
):
    client_as(ambassador)

    def grow():
        townhall = site_for(kirklees.slug)
        for n in range(4):
            workshop(coordinator, kirklees, f"Workshop number {n}")
            consultation(coordinator, f"Consultation number {n}", kirklees)
            news(site_lead, townhall, f"News number {n}")

    assert_bounded_queries(KIT, grow, warm=True)


def test_an_app_adds_what_it_shares_through_the_hook(ambassador, kirklees, client_as):
    extra = Shareable(kind="other", title="A thing from elsewhere", path="/elsewhere/", summary="")
    with hooks.shareable.temporarily(lambda site: [extra]):
        page = text(client_as(ambassador).get(KIT))
    assert "A thing from elsewhere" in page


def test_revoking_takes_two_presses(client_as, ambassador, kirklees):
    """The revoke button sits in a closed disclosure with its warning: a slip of the thumb on
    a phone does not stop every link already shared from counting."""
    page = client_as(ambassador).get(KIT).content.decode()
    disclosure = page.split("<summary>Revoke this code…</summary>", 1)
    assert len(disclosure) == 2, "no disclosure before the revoke form"
    before, inside = disclosure[0].rsplit("<details", 1)[1], disclosure[1].split("</details>")[0]
    assert " open" not in before.split(">", 1)[0]
    assert "Revoke this code and get a new one" in inside
    assert "stop counting" in inside
