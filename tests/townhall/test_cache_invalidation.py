"""Changes made in other apps reach the cached town hall pages at once (the
public_content_changed hook), not after the cache's timeout."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policy_drafts import services as drafts
from policy_drafts.models import DraftStatus
from programme.models import BuildStage, PilotSite
from programme.services import readiness
from tests.factories import PolicyDraftFactory, UserFactory
from tests.policy_drafts.conftest import SECTIONS
from tests.workshops.conftest import book, plan
from townhall.permissions import site_for
from workshops import services as workshops


@pytest.fixture
def home(site, settings):
    settings.TOWNHALL_PAGE_CACHE_SECONDS = 3600  # a timeout that would hide any change
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    site_for(site.slug)
    return reverse("townhall:home", args=[site.slug])


def cached(client, url: str) -> str:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert len(queries) == 0, "the page should come from the cache"
    return html


def test_a_workshop_change_reaches_the_cached_home_page_at_once(client, coordinator, site, home):
    workshop = workshops.publish_workshop(
        actor=coordinator, workshop=plan(coordinator, site, capacity=20)
    )
    assert "20 of 20 places left" in cached(client, home)

    book(workshop, UserFactory.create())
    assert "19 of 20 places left" in cached(client, home)

    workshops.edit_workshop(actor=coordinator, workshop=workshop, title="Bloggers' breakfast")
    assert "Bloggers&#x27; breakfast" in cached(client, home)

    workshops.cancel_workshop(actor=coordinator, workshop=workshop, reason="Flooded")
    assert "Bloggers&#x27; breakfast" not in cached(client, home)


def test_a_consultation_opening_reaches_the_cached_pages_at_once(client, coordinator, site, home):
    have_your_say = reverse("townhall:have_your_say", args=[site.slug])
    draft = PolicyDraftFactory.create(
        title="Library opening hours",
        status=DraftStatus.DRAFTING,
        owners=[coordinator],
        sections=SECTIONS,
        site=site,
    )
    assert "Library opening hours" not in cached(client, home)
    drafts.set_status(actor=coordinator, draft=draft, status="open")
    assert "Library opening hours" in cached(client, home)
    assert "Library opening hours" in client.get(have_your_say).content.decode()


def test_a_site_taken_offline_stops_being_served_from_the_cache(client, coordinator, site, home):
    assert "Coming soon" not in cached(client, home)
    readiness.take_offline(
        actor=coordinator, site=site, stage=BuildStage.CONTENT_READY, reason="Fixing the menu"
    )
    response = client.get(home)
    assert "coming soon" in response.content.decode().lower()
