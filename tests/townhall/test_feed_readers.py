"""Every feed carries what its standard requires, never a forbidden character, and answers
a repeated poll with 304; read back with feedparser and an XML parser."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from programme.models import BuildStage, PilotSite
from programme.services import updates as update_services
from tests.factories import PageFactory
from townhall.models import PageRevision
from townhall.permissions import site_for

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feeds(site, site_lead, coordinator):
    """The URLs of every RSS and Atom feed, each with one entry."""
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    townhall = site_for(site.slug)
    PageFactory.create(site=townhall, created_by=site_lead, kind="news", title="Library")
    update_services.write_update(actor=coordinator, title="We met", body="Notes.", publish=True)
    return {
        "rss": [
            reverse("townhall:news_feed", args=[site.slug]),
            reverse("programme:updates_feed"),
        ],
        "atom": [
            reverse("townhall:news_atom", args=[site.slug]),
            reverse("programme:updates_atom"),
        ],
    }


def test_atom_feeds_have_ids_updated_dates_authors_and_a_self_link(client, feeds):
    for url in feeds["atom"]:
        root = ET.fromstring(client.get(url).content)
        assert root.findtext(f"{ATOM}id"), url
        assert root.findtext(f"{ATOM}updated"), url
        assert any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link")), url
        entries = root.findall(f"{ATOM}entry")
        assert entries, url
        for entry in entries:
            assert entry.findtext(f"{ATOM}id"), url
            assert entry.findtext(f"{ATOM}updated"), url
            assert entry.findtext(f"{ATOM}author/{ATOM}name"), url
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))


def test_rss_feeds_have_their_channel_and_item_elements(client, feeds):
    for url in feeds["rss"]:
        channel = ET.fromstring(client.get(url).content).find("channel")
        assert channel is not None, url
        for required in ("title", "link", "description"):
            assert channel.findtext(required), (url, required)
        for item in channel.iter("item"):
            assert item.findtext("guid"), url
            assert item.findtext("pubDate"), url
        assert not feedparser.parse(client.get(url).content).bozo


def test_a_form_feed_pasted_into_an_update_never_breaks_a_feed(client, feeds):
    from programme.models import Update

    # (No NUL here: PostgreSQL refuses it in text; the edge strips it before it gets there.)
    Update.objects.update(title="Budget\x0b update", body="Q&A\x0c notes\x1f")
    PageRevision.objects.update(title="Library\x0b reopens")
    for url in feeds["rss"] + feeds["atom"]:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert "\x0b" not in response.content.decode()


def test_a_noncharacter_stored_in_a_title_never_breaks_a_feed(client, feeds):
    from programme.models import Update

    # Stored by a path that skipped the edge (an import, the shell): the writers refuse it.
    Update.objects.update(title="Budget\ufffe update", body="Notes\uffff.")
    PageRevision.objects.update(title="Library\ufffe reopens", summary="Open\ufdd0 late")
    for url in feeds["rss"] + feeds["atom"]:
        response = client.get(url)
        assert response.status_code == 200, url
        ET.fromstring(response.content)  # an XML 1.0 parser takes it
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert "\ufffe" not in response.content.decode(), url


def test_a_repeated_poll_is_answered_with_304(client, feeds):
    for url in feeds["rss"] + feeds["atom"]:
        first = client.get(url)
        assert first["ETag"], url
        assert first["Last-Modified"], url
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, url
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304, (
            url
        )
