"""Every page sends a Content-Security-Policy; only the widget may be framed."""

import re

import pytest
from django.urls import reverse

from programme.models import BuildStage, PilotSite


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


def test_the_site_colour_comes_in_a_style_with_the_pages_nonce(client, site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    response = client.get(reverse("townhall:home", args=[site.slug]))
    page = response.content.decode()
    nonce = re.search(r'<style nonce="([^"]+)">\.townhall-band', page).group(1)
    assert f"'nonce-{nonce}'" in policy(response)["style-src"]
    assert ' style="' not in page and " onclick=" not in page


def test_only_the_widget_may_be_framed(client, site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    response = client.get(reverse("townhall:widget", args=[site.slug]))
    assert policy(response)["frame-ancestors"] == "frame-ancestors *"
    assert "X-Frame-Options" not in response
