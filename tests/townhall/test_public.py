"""News and its feeds, the widget, the legal pages, and the "what next" path to formal participation."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from programme.models import RoleGrant
from programme.services import update_profile
from tests.factories import (
    DiscussionFactory,
    PageFactory,
    PolicyDraftFactory,
    WorkshopFactory,
)
from townhall import services


def news_item(actor, townhall, title):
    """A news item written by `actor` and published."""
    return PageFactory.create(site=townhall, created_by=actor, kind="news", title=title)


def test_news_lists_and_feeds_parse(client, site_lead, townhall, site):
    news_item(site_lead, townhall, "Library reopens")
    assert (
        "Library reopens" in client.get(reverse("townhall:news", args=[site.slug])).content.decode()
    )

    rss = ET.fromstring(client.get(reverse("townhall:news_feed", args=[site.slug])).content)
    assert [item.findtext("title") for item in rss.iter("item")] == ["Library reopens"]
    atom = ET.fromstring(client.get(reverse("townhall:news_atom", args=[site.slug])).content)
    assert atom.find("{http://www.w3.org/2005/Atom}entry") is not None


def test_a_site_that_is_not_live_has_no_public_feed(client, other_site):
    assert client.get(reverse("townhall:news_feed", args=[other_site.slug])).status_code == 404


def test_news_ends_with_what_next(client, coordinator, site_lead, elected_member, townhall):
    PolicyDraftFactory.create(
        title="Social web policy", owners=[coordinator], sections=[("Intro", "Text")]
    )
    grant = RoleGrant.objects.get(user=elected_member)
    update_profile(
        actor=elected_member,
        user=elected_member,
        full_name="Margaret Lee",
        display_name="Cllr Lee",
        bio="",
        shown_grant_ids={grant.pk},
    )
    item = news_item(site_lead, townhall, "Library reopens")

    text = client.get(item.get_absolute_url()).content.decode()

    assert "What next?" in text
    assert "Comment on Social web policy" in text
    assert "Become a community ambassador" in text
    assert "Cllr Lee" in text


def test_the_widget_can_be_embedded_by_other_sites(client, townhall, site):
    response = client.get(reverse("townhall:widget", args=[site.slug]))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "frame-ancestors *" in policy  # framable by anyone, yet scripts stay locked down
    assert "script-src 'self'" in policy or any(
        p.startswith("script-src 'self' 'nonce-") for p in policy
    )
    assert (
        client.get(reverse("townhall:home", args=[site.slug]))["X-Frame-Options"] == "DENY"
    )  # other pages cannot


@pytest.mark.parametrize(
    ("which", "needle"),
    [
        ("accessibility", "Equality Advisory"),
        ("privacy", "Information Commissioner"),
        ("cookies", "no cookie banner"),
    ],
)
def test_every_site_has_its_legal_pages(client, townhall, site, which, needle):
    assert needle in client.get(reverse("townhall:legal", args=[site.slug, which])).content.decode()


def test_an_unknown_legal_page_is_a_404(client, townhall, site):
    assert (
        client.get(reverse("townhall:legal", args=[site.slug, "terms-of-evil"])).status_code == 404
    )


def test_pages_never_take_the_sites_own_addresses(site_lead, townhall):
    page = services.create_page(actor=site_lead, site=townhall, kind="standard", title="News")
    assert page.slug == "news-page"


def test_search_finds_live_pages_and_shown_posts_only(
    client, site_lead, ambassador, townhall, site
):

    PageFactory.create(
        site=townhall,
        created_by=site_lead,
        title="Library opening times",
        blocks=[{"type": "text", "markdown": "Open on Saturdays."}],
    )
    PageFactory.create(
        site=townhall, created_by=site_lead, title="Library draft plans", first_published_at=None
    )
    DiscussionFactory.create(
        site=townhall,
        started_by=ambassador,
        title="Buses",
        first_post__body="The library bus stop moved.",
        first_post__capacity="ambassador:kirklees",
    )

    text = client.get(
        reverse("townhall:search", args=[site.slug]), {"q": "library"}
    ).content.decode()

    assert "Library opening times" in text
    assert "Library draft plans" not in text  # not published
    assert "Buses" in text
    assert "Found for “library”: 1 in pages and 1 in discussions." in text
    assert (
        client.get(reverse("townhall:search", args=[site.slug]), {"q": "<script>"}).status_code
        == 200
    )


def test_a_site_on_its_own_host_name_is_served_at_the_root(client, site_lead, townhall, settings):
    from django.core.cache import cache

    settings.ALLOWED_HOSTS = ["testserver", "together.kirklees.example"]
    cache.clear()
    townhall.hostname = "together.kirklees.example"
    townhall.save()
    PageFactory.create(site=townhall, created_by=site_lead, title="Opening times")

    home = client.get("/", HTTP_HOST="together.kirklees.example")
    assert home.status_code == 200
    assert townhall.name in home.content.decode()
    assert client.get("/opening-times/", HTTP_HOST="together.kirklees.example").status_code == 200
    assert (
        client.get("/accounts/sign-in/", HTTP_HOST="together.kirklees.example").status_code == 200
    )
    assert (
        b"Page not found"
        in client.get("/no-such-page/", HTTP_HOST="together.kirklees.example").content
    )
    # The programme's own host is unchanged.
    assert "The town hall sites" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("colour", "ok"), [("#1b3a57", True), ("#ffff00", False), ("#777777", False), ("#595959", True)]
)
def test_a_sites_colour_must_keep_white_text_readable(townhall, colour, ok):
    from django.core.exceptions import ValidationError

    townhall.colour = colour
    if ok:
        townhall.full_clean()
    else:
        with pytest.raises(ValidationError):
            townhall.full_clean()


def test_coordinators_set_a_sites_name_colour_and_host_in_the_back_office(
    client_as, coordinator, townhall
):
    response = client_as(coordinator).post(
        f"/admin/townhall/townhallsite/{townhall.pk}/change/",
        {
            "pilot_site": townhall.pilot_site_id,
            "name": "Kirklees Together",
            "tagline": "",
            "hostname": "together.example",
            "colour": "#ffff00",
        },
    )
    assert "White text is hard to read" in response.content.decode()
    townhall.refresh_from_db()
    assert townhall.name != "Kirklees Together"


def test_a_live_block_is_headed_once_and_counts_as_a_heading(client, site_lead, townhall, site):
    page = PageFactory.create(
        site=townhall,
        created_by=site_lead,
        title="Local",
        blocks=[{"type": "around"}, {"type": "heading", "text": "Further afield", "level": 3}],
        first_published_at=None,
    )
    services.publish(actor=site_lead, page=page)  # h1, the block's h2, then an h3: no skip
    html = client.get(page.get_absolute_url()).content.decode()
    assert html.count(">Around the web</h2>") == 1
    assert "Around the web</p>" not in html


def test_pages_say_when_and_by_whom(client, site_lead, ambassador, townhall, site):
    from programme.models import Role

    by_team = news_item(site_lead, townhall, "Library reopens")
    html = client.get(by_team.get_absolute_url()).content.decode()
    assert "Published " in html
    assert f"by the {townhall.name} team" in html

    grant = RoleGrant.objects.get(user=ambassador, role=Role.AMBASSADOR)
    update_profile(
        actor=ambassador,
        user=ambassador,
        full_name=ambassador.full_name,
        display_name="Amir K.",
        bio="",
        shown_grant_ids={grant.pk},
    )
    by_ambassador = news_item(ambassador, townhall, "Repair café")
    html = client.get(by_ambassador.get_absolute_url()).content.decode()
    assert "by Amir K. (Community ambassador, Kirklees)" in html
    listing = client.get(reverse("townhall:news", args=[site.slug])).content.decode()
    assert "by Amir K." in listing


def test_places_left_read_the_same_on_the_workshop_the_list_and_the_site(
    client, coordinator, site_lead, townhall, site
):
    from tests.factories import UserFactory
    from tests.workshops.conftest import book

    workshop = WorkshopFactory.create(site=site, created_by=coordinator, capacity=20)
    book(workshop, UserFactory.create()), book(workshop, UserFactory.create())
    page = PageFactory.create(site=townhall, created_by=site_lead, kind="event", title="Meet us")
    for url in (
        workshop.get_absolute_url(),
        reverse("workshops:list"),
        page.get_absolute_url(),
    ):
        assert "18 of 20 places left" in client.get(url).content.decode(), url


def test_reading_a_site_writes_nothing(client, site):
    """Every pilot site has its town hall site from the moment it joins; a visit only reads."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from townhall.models import TownhallSite

    assert TownhallSite.objects.filter(pilot_site=site).exists()  # made when it joined
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/sites/{site.slug}/")
        client.get("/sites/no-such-site/")
    written = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert written == []
    assert client.get("/sites/no-such-site/").status_code == 404


def test_a_site_added_in_the_back_office_has_its_town_hall_at_once(client_as, coordinator):
    from townhall.models import TownhallSite

    response = client_as(coordinator).post(
        "/admin/programme/pilotsite/add/",
        {
            "name": "Wakefield",
            "slug": "wakefield",
            "council_name": "Wakefield Council",
            "council_kind": "metropolitan",
            "region": "Yorkshire",
            "joined_on": "2026-12-01",
            "description": "Joining the pilot.",
            "ambassador_target": "10",
            "initiatives-TOTAL_FORMS": "0",
            "initiatives-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("admin:programme_pilotsite_changelist")
    assert TownhallSite.objects.get(pilot_site__slug="wakefield").name == "Wakefield Town Hall"
