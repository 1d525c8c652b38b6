"""Link previews (#27): every public page carries Open Graph and card tags in its <head>, and
an item with no picture of its own has a 1200×630 card drawn for it."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from programme.models import BuildStage, PilotSite
from tests.factories import PageFactory, PolicyDraftFactory, WorkshopFactory
from tests.policy_drafts.conftest import SECTIONS
from tests.townhall.test_site_frame import publish
from tests.townhall.test_uploads import encoded
from tests.workshops.conftest import plan
from townhall.models import SiteImage, TownhallSite
from townhall.permissions import site_for
from workshops import services as workshop_services
from workshops.models import Access

BASE = "https://town.example"
REQUIRED = [
    "og:title",
    "og:description",
    "og:url",
    "og:site_name",
    "og:locale",
    "og:type",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
    "twitter:card",
]


class _Head(HTMLParser):
    """The <meta property|name> tags and the canonical link of a page's <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "head":
            self.in_head = True
        elif self.in_head and tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif self.in_head and tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def head_of(response) -> _Head:
    assert response.status_code == 200
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


@pytest.fixture
def townhall(site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    TownhallSite.objects.filter(pilot_site=site).update(name="Kirklees Together")
    return site_for(site.slug)


@pytest.fixture
def workshop(coordinator, townhall, site):
    return WorkshopFactory.create(
        site=site, created_by=coordinator, venue_name="Kirklees Council offices"
    )


@pytest.fixture
def consultation(coordinator, townhall, site):
    draft = PolicyDraftFactory.create(
        title="Kirklees social web policy", owners=[coordinator], sections=SECTIONS, site=site
    )
    return draft.versions.get()


def card_of(client, url: str) -> Image.Image:
    assert url.startswith(f"{BASE}/")
    parts = urlsplit(url)
    response = client.get(parts.path, {"v": parts.query.removeprefix("v=")})
    assert response.status_code == 200, url
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    return image


def assert_previewed(client, path: str, *, title: str, kind: str, site_name: str) -> _Head:
    head = head_of(client.get(path))
    missing = [name for name in REQUIRED if not head.meta.get(name)]
    assert not missing, f"{path} lacks {missing}"
    meta = head.meta
    assert meta["og:title"] == title
    assert meta["og:url"] == f"{BASE}{path}"
    assert "?" not in meta["og:url"]
    assert head.canonical == [meta["og:url"]]
    assert meta["og:site_name"] == site_name
    assert meta["og:locale"] == "en_GB"
    assert meta["og:type"] == kind
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"].startswith(f"{BASE}/")
    return head


def test_the_site_home_page_is_previewed_with_its_card(client, townhall):
    head = assert_previewed(
        client,
        "/sites/kirklees/",
        title="Kirklees Together",
        kind="website",
        site_name="Kirklees Together",
    )
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
    card_of(client, head.meta["og:image"])


def test_a_page_and_a_news_item_are_articles(client, townhall, site_lead):
    publish(site_lead, townhall, "standard", "Parking permits", summary="How to get one.")
    publish(site_lead, townhall, "news", "Library reopens")
    head = assert_previewed(
        client,
        "/sites/kirklees/parking-permits/",
        title="Parking permits",
        kind="article",
        site_name="Kirklees Together",
    )
    assert head.meta["og:description"] == "How to get one."
    card_of(client, head.meta["og:image"])
    news = assert_previewed(
        client,
        "/sites/kirklees/library-reopens/",
        title="Library reopens",
        kind="article",
        site_name="Kirklees Together",
    )
    card_of(client, news.meta["og:image"])
    assert news.meta["og:image:alt"] == "Library reopens"


def test_a_news_item_with_a_picture_is_previewed_with_it(client, townhall, site_lead):
    image = SiteImage(site=townhall, alt_text="The library at night", uploaded_by=site_lead)
    image.file.save("library.png", ContentFile(encoded("PNG", size=(800, 420))), save=False)
    image.save()
    publish(
        site_lead,
        townhall,
        "news",
        "Library reopens",
        blocks=[{"type": "text", "markdown": "Hi."}, {"type": "image", "image_id": image.pk}],
    )
    head = assert_previewed(
        client,
        "/sites/kirklees/library-reopens/",
        title="Library reopens",
        kind="article",
        site_name="Kirklees Together",
    )
    assert head.meta["og:image"] == f"{BASE}{image.file.url}"
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("800", "420")
    assert head.meta["og:image:alt"] == "The library at night"


def test_a_cached_page_carries_the_same_tags(client, townhall, site_lead):
    publish(site_lead, townhall, "news", "Library reopens")
    first = head_of(client.get("/sites/kirklees/library-reopens/")).meta
    again = head_of(client.get("/sites/kirklees/library-reopens/")).meta
    assert first == again
    assert first["og:title"] == "Library reopens"


def test_a_workshop_is_previewed_with_its_date_and_place(client, workshop, coordinator):
    head = assert_previewed(
        client,
        workshop.get_absolute_url(),
        title="Meet the local bloggers",
        kind="website",
        site_name="Kirklees Together",
    )
    alt = head.meta["og:image:alt"]
    assert alt.startswith("Meet the local bloggers, ")
    assert alt.endswith(", 10am, Kirklees Council offices")
    before = card_of(client, head.meta["og:image"])

    workshop_services.edit_workshop(
        actor=coordinator, workshop=workshop, title="Meet the local podcasters"
    )
    after_head = head_of(client.get(workshop.get_absolute_url())).meta
    assert after_head["og:title"] == "Meet the local podcasters"
    assert after_head["og:image"] != head.meta["og:image"]
    after = card_of(client, after_head["og:image"])
    assert after.tobytes() != before.tobytes()


def test_a_consultation_is_previewed_with_its_closing_date(client, consultation):
    path = reverse("policy_drafts:version", args=[consultation.draft.slug, consultation.number])
    head = assert_previewed(
        client,
        path,
        title="Kirklees social web policy",
        kind="website",
        site_name="Kirklees Together",
    )
    card_of(client, head.meta["og:image"])


def test_a_discussion_is_previewed(client, thread):
    head = assert_previewed(
        client,
        thread.get_absolute_url(),
        title="Bus routes",
        kind="website",
        site_name="Kirklees Together",
    )
    card_of(client, head.meta["og:image"])


def test_an_invitation_only_workshop_has_no_card(client, coordinator, townhall, site):
    hidden = WorkshopFactory.create(
        site=site, created_by=coordinator, title="Members only", access=Access.INVITATION
    )
    assert client.get(f"/sites/kirklees/cards/workshop/{hidden.pk}.png").status_code == 404


def test_a_draft_workshop_and_an_unpublished_page_have_no_card(
    client, coordinator, site_lead, townhall, site
):
    draft = plan(coordinator, site, title="Still planning")
    page = PageFactory.create(
        site=townhall, created_by=site_lead, kind="news", title="Not yet", first_published_at=None
    )
    assert client.get(f"/sites/kirklees/cards/workshop/{draft.pk}.png").status_code == 404
    assert client.get(f"/sites/kirklees/cards/page/{page.pk}.png").status_code == 404


def test_a_site_that_is_not_live_has_no_cards(client, other_site):
    townhall = site_for(other_site.slug)
    assert client.get(f"/sites/chorley/cards/site/{townhall.pk}.png").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/sites/kirklees/cards/nope/999999999999999999999.png",
        "/sites/kirklees/cards/page/999999999999999999999.png",
        "/sites/kirklees/cards/workshop/-1.png",
        "/sites/kirklees/cards/discussion/1e3.png",
        "/sites/kirklees/cards/consultation/%00.png",
        "/sites/kirklees/cards/page/%C2%B2.png",
        "/sites/nowhere/cards/site/1.png",
    ],
)
def test_a_hostile_card_address_is_not_found(client, townhall, path):
    assert client.get(path).status_code == 404


def test_a_card_is_drawn_once_and_kept(client, townhall):
    url = head_of(client.get("/sites/kirklees/")).meta["og:image"]
    first = card_of(client, url)
    second = card_of(client, url)
    assert first.tobytes() == second.tobytes()
