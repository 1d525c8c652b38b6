"""Calendars that strict readers accept: escaped names, valid when empty, stable when polled."""

import pytest
import vobject
from django.urls import reverse
from ical.calendar_stream import IcsCalendarStream

from tests.factories import WorkshopFactory
from workshops.models import Workshop

from .conftest import plan


def strict(content: bytes):
    """The `ical` package's parser, which validates against RFC 5545 and refuses what it breaks."""
    return IcsCalendarStream.calendar_from_ics(content.decode())


def test_a_calendar_name_keeps_its_commas_and_semicolons(client, coordinator, site):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator, title="Budget, Q&A; talk")
    response = client.get(reverse("workshops:ics", args=[workshop.slug]))
    calendar = vobject.readOne(response.content.decode())
    assert calendar.contents["x-wr-calname"][0].value == "Budget, Q&A; talk"
    assert strict(response.content).events[0].summary == "Budget, Q&A; talk (Kirklees)"


def test_a_newline_or_a_form_feed_in_a_title_gives_a_valid_calendar(client, coordinator, site):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator)
    # Typed before control characters were stripped at the edge, or put in by a script.
    Workshop.objects.filter(pk=workshop.pk).update(title="Two\nlines\x0cand a form feed")
    response = client.get(reverse("workshops:ics", args=[workshop.slug]))
    assert response.status_code == 200
    assert "\x0c" not in response.content.decode()
    assert strict(response.content).events[0].summary.startswith("Two\nlinesand a form feed")
    site_feed = client.get(reverse("townhall:site_workshops_ics", args=[site.slug]))
    assert len(strict(site_feed.content).events) == 1


def test_a_calendar_with_no_workshops_is_still_valid(client, site, db):
    response = client.get(reverse("townhall:site_workshops_ics", args=[site.slug]))
    assert response.status_code == 200
    calendar = strict(response.content)
    assert calendar.events == []
    assert b"BEGIN:VTIMEZONE" in response.content  # RFC 5545: at least one component
    vobject.readOne(response.content.decode())


def test_a_draft_is_tentative_until_it_is_published(client_as, coordinator, site):
    draft = plan(coordinator, site)
    response = client_as(coordinator).get(reverse("workshops:ics", args=[draft.slug]))
    assert strict(response.content).events[0].status.value == "TENTATIVE"


def test_paragraphs_and_addresses_reach_the_calendar_as_written(client, coordinator, site):
    workshop = WorkshopFactory.create(
        site=site,
        created_by=coordinator,
        objectives="Meet the bloggers.\n\nPlan the **site** together.",
        venue_address="1 High St,\nHuddersfield;\n",
    )
    event = strict(client.get(reverse("workshops:ics", args=[workshop.slug])).content).events[0]
    assert event.description.startswith("Meet the bloggers.\n\nPlan the site together.")
    assert event.location == "Huddersfield Town Hall, 1 High St, Huddersfield"


def test_a_repeated_poll_reads_the_same_and_answers_304(client, workshop, site):
    url = reverse("townhall:site_workshops_ics", args=[site.slug])
    first, second = client.get(url), client.get(url)
    assert first.content == second.content  # DTSTAMP no longer moves on every fetch
    assert first["ETag"]
    assert first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


@pytest.mark.parametrize("name", ["workshops:calendar"])
def test_the_programme_calendar_is_valid_for_a_strict_reader(client, workshop, name):
    assert len(strict(client.get(reverse(name)).content).events) == 1
