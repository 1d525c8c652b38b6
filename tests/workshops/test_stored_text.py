"""A workshop's page, calendars and briefing pack read its objectives as stored (#24,
finding 4): from the rendering kept beside the text, never parsing Markdown again, and
giving nh3 nothing nested deeper than a rendering keeps.

30,000 ">" as objectives (there was no limit on their length) made the workshop's page
take 6.2 s, its .ics 18.9 s and the site's calendar 11.9 s. The tests count what was
done (Markdown parsed, the depth nh3 was given), not how long it took.
"""

import pytest
from django.urls import reverse

from programme.platform import markdown
from tests.factories import WorkshopFactory
from tests.nesting import watch_nh3
from workshops.forms import WorkshopForm

DEEP = ">" * 30000 + " Leave with a plan."


@pytest.fixture
def deep(coordinator, site):
    return WorkshopFactory.create(site=site, created_by=coordinator, objectives=DEEP)


def test_the_page_calendars_and_pack_of_objectives_30000_deep_parse_nothing(
    client, client_as, coordinator, site, deep, monkeypatch
):
    depths = watch_nh3(monkeypatch)
    parsed: list[str] = []
    parse = markdown._parse

    def noted(text: str) -> str:
        parsed.append(text)
        return parse(text)

    monkeypatch.setattr(markdown, "_parse", noted)

    answers = {
        url: client.get(url)
        for url in (
            reverse("workshops:detail", args=[deep.slug]),
            reverse("workshops:ics", args=[deep.slug]),
            reverse("workshops:calendar"),
            reverse("townhall:site_workshops_ics", args=[site.slug]),
        )
    }
    pack = client_as(coordinator).get(reverse("workshops:briefing_pack", args=[deep.slug]))

    assert {url: a.status_code for url, a in answers.items()} == dict.fromkeys(answers, 200)
    assert pack.status_code == 200
    assert parsed == []  # a view never parses Markdown: it reads the stored rendering
    assert depths
    assert max(depths) <= markdown.MAX_DEPTH
    ics = answers[reverse("workshops:ics", args=[deep.slug])].content.decode()
    assert "Leave with a plan." in ics.replace("\r\n ", "")


def test_objectives_and_the_other_words_of_a_workshop_have_a_limit(coordinator, site):
    form = WorkshopForm(
        data={
            "objectives": "x" * 5001,
            "venue_address": "x" * 501,
            "access_notes": "x" * 2001,
        }
    )
    assert not form.is_valid()
    for field in ("objectives", "venue_address", "access_notes"):
        assert "at most" in form.errors[field][0], field
