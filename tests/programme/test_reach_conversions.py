"""Each way of taking part is counted for the share code that brought the person (#27): the
code travels from the shared address to the form's page in the link, and from there in the
form itself, never in a cookie. (A workshop registration: tests/programme/test_reach_counting.py.)"""

from __future__ import annotations

import re

import pytest
from django.db.models import Sum
from django.urls import reverse

from ambassadors.models import Task
from policy_drafts.models import Comment
from programme import following
from programme.models import Event, Tally
from programme.services import reach as reach_services
from tests.ambassadors.conftest import menus  # noqa: F401 - a fixture
from tests.programme.test_reach_counting import BROWSER
from tests.townhall.test_link_previews import consultation, townhall  # noqa: F401

HEADERS = {"User-Agent": BROWSER}


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = "https://town.example"


@pytest.fixture
def code(ambassador, site):
    return reach_services.share_code_for(ambassador, site)


def conversions(event, **where) -> int:
    return Tally.objects.filter(event=event, **where).aggregate(n=Sum("count"))["n"] or 0


def carried_link(html: str, path: str) -> str:
    """The address of the link to `path` on a page, with what it carries."""
    found = re.search(rf'href="({re.escape(path)}[^"]*)"', html)
    assert found, f"no link to {path}"
    return found.group(1).replace("&amp;", "&")


def hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(via|ch)" value="([^"]*)">', html))


def test_a_comment_through_a_shared_link(client, resident, consultation, code, site):  # noqa: F811
    client.force_login(resident)
    page = client.get(
        consultation.get_absolute_url(), {"via": code.code, "ch": "mastodon"}, headers=HEADERS
    ).content.decode()
    first = consultation.sections.first()
    form_path = reverse(
        "policy_drafts:comment_on_section",
        args=[consultation.draft.slug, consultation.number, first.key],
    )
    link = carried_link(page, form_path)
    assert f"via={code.code}" in link
    assert "ch=mastodon" in link
    form = client.get(link, headers=HEADERS).content.decode()
    assert hidden(form) == {"via": code.code, "ch": "mastodon"}
    sent = client.post(
        form_path,
        {
            f"{first.key}-body": "Good idea",
            f"{first.key}-stance": "support",
            f"{first.key}-capacity": "resident",
            **hidden(form),
        },
        headers=HEADERS,
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert sent["Location"] == Comment.objects.get().get_absolute_url()
    assert conversions(Event.COMMENT, code=code, site=site, channel="mastodon") == 1


def test_a_discussion_post_through_a_shared_link(client, resident, thread, code, site):
    client.force_login(resident)
    page = client.get(
        thread.get_absolute_url(), {"via": code.code, "ch": "facebook"}, headers=HEADERS
    ).content.decode()
    assert hidden(page) == {"via": code.code, "ch": "facebook"}  # the reply form on the page
    sent = client.post(
        thread.get_absolute_url(),
        {"body": "Buses every ten minutes", "capacity": "resident", **hidden(page)},
        headers=HEADERS,
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert sent["Location"] == thread.get_absolute_url()  # a first post waits for approval
    assert conversions(Event.POST, code=code, site=site, channel="facebook") == 1


def test_a_visitor_is_led_to_the_reply_page_with_the_code(client, thread, code):
    page = client.get(thread.get_absolute_url(), {"via": code.code}, headers=HEADERS)
    assert not page.cookies
    reply = reverse("townhall:reply", args=[thread.site.pilot_site.slug, thread.pk])
    assert f"via={code.code}" in carried_link(page.content.decode(), reply)


def test_an_application_through_a_shared_link(client, menus, code, site):  # noqa: F811
    form = client.get(
        reverse("ambassadors:apply"),
        {"via": code.code, "ch": "whatsapp", "site": site.slug},
        headers=HEADERS,
    ).content.decode()
    assert hidden(form) == {"via": code.code, "ch": "whatsapp"}
    sent = client.post(
        reverse("ambassadors:apply"),
        {
            "full_name": "Nadia Khan",
            "email": "nadia@example.org",
            "site": site.pk,
            "neighbourhood": "Lindley",
            "motivation": "I love this place.",
            "tasks": [Task.objects.get(name="Spreading the word").pk],
            "consent": "on",
            **hidden(form),
        },
        headers=HEADERS,
    )
    assert sent.status_code == 302
    assert sent["Location"] == f"{reverse('ambassadors:applied')}?site={site.slug}"
    assert conversions(Event.APPLICATION, code=code, site=site, channel="whatsapp") == 1


def test_a_follow_through_a_shared_link(client, resident, consultation, code, site):  # noqa: F811
    client.force_login(resident)
    page = client.get(
        consultation.get_absolute_url(), {"via": code.code, "ch": "email"}, headers=HEADERS
    ).content.decode()
    assert hidden(page) == {"via": code.code, "ch": "email"}  # in the follow box's form
    sent = client.post(
        reverse("following:follow"),
        {
            "target": following.signed_reference(consultation.draft),
            "cadence": "immediate",
            "next": consultation.get_absolute_url(),
            **hidden(page),
        },
        headers=HEADERS,
    )
    assert sent.status_code == 302
    assert sent["Location"] == consultation.get_absolute_url()  # back where they followed it
    assert conversions(Event.FOLLOW, code=code, site=site, channel="email") == 1


def test_taking_part_without_a_shared_link_is_counted_for_no_one(client, resident, thread, site):
    client.force_login(resident)
    client.post(
        thread.get_absolute_url(),
        {"body": "Hello", "capacity": "resident"},
        headers=HEADERS,
    )
    assert conversions(Event.POST, site=site) == 1
    assert conversions(Event.POST, code__isnull=False) == 0
