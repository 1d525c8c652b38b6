"""Headers every response carries: no device or payment features, and no loading of our
responses into another site's page (but for the widget, made for that)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programme.models import BuildStage, PilotSite


@pytest.fixture
def live(site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    return site


def _addresses(site) -> list[str]:
    return [
        reverse("home"),
        reverse("townhall:home", args=[site.slug]),
        reverse("townhall:news_feed", args=[site.slug]),
        reverse("workshops:calendar"),
        reverse("accounts:login"),
        "/no/such/page/",
    ]


def test_every_response_turns_off_devices_and_payments(client, live):
    for url in _addresses(live):
        policy = client.get(url)["Permissions-Policy"]
        features = dict(part.split("=") for part in policy.split(", "))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (url, feature)


def test_no_other_site_may_load_our_responses_but_the_widget(client, live):
    for url in _addresses(live):
        assert client.get(url)["Cross-Origin-Resource-Policy"] == "same-origin", url
    # A page kept for visitors is served with it too (the cache sits inside).
    again = client.get(reverse("townhall:home", args=[live.slug]))
    assert again["Cross-Origin-Resource-Policy"] == "same-origin"
    widget = client.get(reverse("townhall:widget", args=[live.slug]))
    assert widget["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "camera=()" in widget["Permissions-Policy"]
