"""Link previews read back by a reader nobody here wrote (#27): extruct's Open Graph parser
(lxml, not the standard library's parser the other tests use) finds every tag a sharing site
needs on every public page kind, and the picture they name is a 1200×630 PNG."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import extruct
import pytest
from extruct.utils import parse_html
from PIL import Image

from tests.townhall.test_link_previews import BASE

KINDS = [
    "site home",
    "page",
    "news item",
    "news list",
    "workshop",
    "consultation version",
    "discussion",
    "discussions list",
    "programme home",
    "programme-wide consultation",
    "workshop list",
]
NEEDED = [
    "og:title",
    "og:description",
    "og:url",
    "og:site_name",
    "og:locale",
    "og:image",
    "og:image:alt",
]


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


def open_graph(html: str) -> dict[str, str]:
    found = extruct.extract(html, base_url=f"{BASE}/", syntaxes=["opengraph"], uniform=False)
    [item] = found["opengraph"]
    properties: dict[str, str] = {}
    for name, value in item["properties"]:
        assert name not in properties, f"{name} twice"
        properties[name] = value
    return properties


def head_links(html: str) -> tuple[list[str], list[str]]:
    """The canonical links and the twitter:card values of the page's <head>, read by lxml."""
    tree = parse_html(html.encode(), encoding="UTF-8")
    return (
        tree.xpath("/html/head/link[@rel='canonical']/@href"),
        tree.xpath("/html/head/meta[@name='twitter:card']/@content"),
    )


@pytest.mark.parametrize("kind", KINDS)
def test_an_open_graph_reader_finds_every_tag_and_the_picture(client, public_pages, kind):
    response = client.get(public_pages[kind])
    assert response.status_code == 200
    html = response.content.decode()
    tags = open_graph(html)
    missing = [name for name in NEEDED if not tags.get(name)]
    assert not missing, f"{kind} lacks {missing}"
    canonical, card = head_links(html)
    assert canonical == [tags["og:url"]]
    assert tags["og:url"].startswith(f"{BASE}/")
    assert "?" not in tags["og:url"]
    assert tags["og:locale"] == "en_GB"
    assert card == ["summary_large_image"]

    image = urlsplit(tags["og:image"])
    assert f"{image.scheme}://{image.netloc}" == BASE
    picture = client.get(image.path, dict([image.query.split("=", 1)]) if image.query else {})
    assert picture.status_code == 200, tags["og:image"]
    assert picture["Content-Type"] == "image/png"
    drawn = Image.open(io.BytesIO(picture.content))
    assert (drawn.format, drawn.size) == ("PNG", (1200, 630))
    assert (tags.get("og:image:width"), tags.get("og:image:height")) == ("1200", "630")
