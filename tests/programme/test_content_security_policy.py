"""Every page sends a Content-Security-Policy; only the widget may be framed."""

import re

import pytest
from django.urls import reverse

from programme.models import BuildStage, PilotSite
from tests.matching import found


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("url", ["/", "/policies/", "/workshops/", "/accounts/sign-in/"])
def test_pages_allow_scripts_and_styles_only_from_the_site_or_with_a_nonce(client, site, url):
    rules = policy(client.get(url))
    for directive in ("script-src", "style-src"):
        sources = rules[directive].split()[1:]
        assert "'self'" in sources
        assert all(s == "'self'" or s.startswith("'nonce-") for s in sources), sources
    assert rules["frame-ancestors"] == "frame-ancestors 'none'"
    assert rules["object-src"] == "object-src 'none'"


@pytest.mark.parametrize("path", ["", "news/", "discussions/"])
def test_a_town_hall_page_served_from_the_cache_allows_every_nonce_it_carries(client, site, path):
    """A cached page is the HTML of an earlier request: a nonce in it would not match the
    new response's policy, and the browser would refuse what it guards."""
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    url = f"/sites/{site.slug}/{path}"
    for _ in range(3):  # the first makes the site; the last is served from the page cache
        response = client.get(url)
        allowed = policy(response)
        for nonce in re.findall(r'nonce="([^"]+)"', response.content.decode()):
            assert f"'nonce-{nonce}'" in allowed["script-src"] + allowed["style-src"]


def test_the_site_colour_comes_in_a_stylesheet_of_its_own(client, site):
    from townhall.models import TownhallSite

    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    TownhallSite.objects.update_or_create(
        pilot_site=site, defaults={"name": "Kirklees Together", "colour": "#5b2a86"}
    )
    page = client.get(reverse("townhall:home", args=[site.slug])).content.decode()
    assert ' style="' not in page
    assert " onclick=" not in page
    assert "<style" not in page
    href = found(r'<link rel="stylesheet" href="([^"]+theme\.css[^"]*)"', page, 1)
    assert href.endswith("?v=5b2a86")  # a new colour is a new address, so caches never hold the old
    sheet = client.get(href)
    assert sheet["Content-Type"].startswith("text/css")
    assert sheet.content.decode().strip() == ":root { --th-colour: #5b2a86; }"


def test_only_the_widget_may_be_framed(client, site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    response = client.get(reverse("townhall:widget", args=[site.slug]))
    assert policy(response)["frame-ancestors"] == "frame-ancestors *"
    assert "X-Frame-Options" not in response
