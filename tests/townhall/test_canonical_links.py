"""Every public page names its one address (#27): a page of content or a list carries one
`<link rel="canonical">`, absolute and without a query, with its Open Graph and card tags; a
page that is someone's own (an account, a staff page, a link from an email) carries none, so
it is never shared, indexed or counted as a page view."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from programme.services.accounts import confirmation_link
from tests.factories import WorkshopFactory
from tests.townhall.test_link_previews import BASE, REQUIRED, card_of, head_of

LISTS = {
    "news list": "News – Kirklees Together",
    "events list": "Workshops and events – Kirklees Together",
    "consultations list": "Have your say – Kirklees Together",
    "discussions list": "Discussions – Kirklees Together",
}


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


def test_every_public_page_names_its_one_canonical_address(client, public_pages):
    for kind, path in public_pages.items():
        head = head_of(client.get(path))
        assert len(head.canonical) == 1, f"{kind} ({path}): {head.canonical}"
        url = head.canonical[0]
        assert url.startswith(f"{BASE}/"), kind
        assert "?" not in url, kind
        assert head.meta.get("og:url") == url, kind
        missing = [name for name in REQUIRED if not head.meta.get(name)]
        assert not missing, f"{kind} lacks {missing}"


def test_a_page_asked_for_with_a_query_names_its_address_without_it(client, public_pages):
    head = head_of(client.get("/sites/kirklees/news/", {"page": "1", "ref": "x"}))
    assert head.canonical == [f"{BASE}/sites/kirklees/news/"]
    assert head_of(client.get("/workshops/", {"site": "kirklees"})).canonical == [
        f"{BASE}/workshops/"
    ]


def test_a_list_names_itself_and_its_site_with_the_sites_card(client, public_pages):
    site_card = head_of(client.get("/sites/kirklees/")).meta["og:image"]
    for kind, title in LISTS.items():
        meta = head_of(client.get(public_pages[kind])).meta
        assert meta["og:title"] == title, kind
        assert "Kirklees Together" in meta["og:description"], kind
        assert meta["og:type"] == "website"
        assert meta["og:site_name"] == "Kirklees Together"
        assert meta["og:image"] == site_card, kind
    card_of(client, site_card)


def test_the_programmes_pages_show_the_programmes_card(client, public_pages):
    home = head_of(client.get("/")).meta
    assert home["og:title"] == "Virtual Town Hall"
    assert home["og:url"] == f"{BASE}/"
    card = card_of(client, home["og:image"])
    # Drawn in the programme's colour, not a council's.
    assert card.convert("RGB").getpixel((10, 10)) == (0x1B, 0x3A, 0x57)
    for kind in ("workshop list", "policy list", "programme-wide consultation"):
        meta = head_of(client.get(public_pages[kind])).meta
        assert meta["og:image"] == home["og:image"], kind
        assert meta["og:site_name"] == "Virtual Town Hall"
    everywhere = head_of(client.get(public_pages["programme-wide consultation"])).meta
    assert everywhere["og:title"] == "Social web policy – Virtual Town Hall"
    assert everywhere["og:description"] == "About Social web policy."
    # The draft's own address names its current version's.
    draft_path = public_pages["programme-wide consultation"].rsplit("v", 1)[0]
    assert head_of(client.get(draft_path)).canonical == [
        f"{BASE}{public_pages['programme-wide consultation']}"
    ]


def test_a_workshop_on_a_site_not_live_is_previewed_in_the_programmes_frame(
    client, coordinator, other_site
):

    workshop = WorkshopFactory.create(
        site=other_site, created_by=coordinator, title="Chorley briefing"
    )
    head = head_of(client.get(workshop.get_absolute_url()))
    assert head.canonical == [f"{BASE}{workshop.get_absolute_url()}"]
    assert head.meta["og:title"] == "Chorley briefing – Virtual Town Hall"


def test_private_pages_name_no_canonical_address(
    client, client_as, public_pages, resident, coordinator
):
    link = confirmation_link(get_user_model().objects.get(pk=resident.pk))
    head = head_of(client.get(urlsplit(link).path))
    assert head.canonical == []
    assert "og:url" not in head.meta
    for who, path in [
        (resident, "/accounts/profile/"),
        (resident, "/following/mine/"),
        (coordinator, "/programme/"),
        (coordinator, "/sites/kirklees/edit/"),
    ]:
        head = head_of(client_as(who).get(path))
        assert head.canonical == [], path
        assert "og:url" not in head.meta, path
    # Nor does a search: its results are not a page of their own.
    assert head_of(client.get("/sites/kirklees/search/", {"q": "bus"})).canonical == []
