"""One page of every public kind, in a live site's frame and in the programme's, for the
tests that hold them all to one rule (link previews, canonical links, no cookies)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programme.models import BuildStage, PilotSite
from tests.factories import DiscussionFactory, PolicyDraftFactory, WorkshopFactory
from tests.policy_drafts.conftest import SECTIONS
from tests.townhall.test_site_frame import publish
from townhall.models import TownhallSite
from townhall.permissions import site_for


def _consultation(coordinator, title: str, site=None):
    draft = PolicyDraftFactory.create(
        title=title, owners=[coordinator], sections=SECTIONS, site=site, summary=f"About {title}."
    )
    return draft.versions.get()


@pytest.fixture
def public_pages(coordinator, site_lead, ambassador, site) -> dict[str, str]:
    """Every kind of public page anyone may read, by kind: the path of one of each."""
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    TownhallSite.objects.filter(pilot_site=site).update(name="Kirklees Together")
    townhall = site_for(site.slug)
    publish(site_lead, townhall, "standard", "Parking permits", summary="How to get one.")
    publish(site_lead, townhall, "news", "Library reopens")
    workshop = WorkshopFactory.create(
        site=site, created_by=coordinator, venue_name="Kirklees Council offices"
    )
    local = _consultation(coordinator, "Kirklees social web policy", site)
    everywhere = _consultation(coordinator, "Social web policy")
    thread = DiscussionFactory.create(
        site=townhall,
        started_by=ambassador,
        title="Bus routes",
        first_post__body="What should change?",
        first_post__capacity="ambassador:kirklees",
    )
    section = local.sections.order_by("position").first()
    return {
        "site home": "/sites/kirklees/",
        "page": "/sites/kirklees/parking-permits/",
        "news item": "/sites/kirklees/library-reopens/",
        "news list": "/sites/kirklees/news/",
        "events list": "/sites/kirklees/events/",
        "consultations list": "/sites/kirklees/have-your-say/",
        "get involved": "/sites/kirklees/get-involved/",
        "around the web": "/sites/kirklees/around/",
        "tags": "/sites/kirklees/tags/",
        "discussions list": "/sites/kirklees/discussions/",
        "discussion": thread.get_absolute_url(),
        "terms": "/sites/kirklees/discussions/terms/",
        "site privacy": "/sites/kirklees/about/privacy/",
        "workshop": workshop.get_absolute_url(),
        "consultation version": local.get_absolute_url(),
        "consultation section": reverse(
            "policy_drafts:section_comments", args=[local.draft.slug, local.number, section.key]
        ),
        "programme-wide consultation": everywhere.get_absolute_url(),
        "programme home": "/",
        "workshop list": "/workshops/",
        "policy list": "/policies/",
        "programme updates": "/programme/updates/",
        "programme accessibility": "/accessibility/",
        "apply to be an ambassador": "/ambassadors/apply/",
    }
