"""Reading sets no cookie (#27): an anonymous visitor who only reads a public page is sent no
Set-Cookie at all, so sharing a link never starts tracking anyone. A form one opens to take
part (follow, reply, start a discussion, comment, register) is a page of its own, one click
away, and only that page sets the CSRF cookie, which is strictly necessary."""

from __future__ import annotations

import re

import pytest

from tests.matching import found

READING = [
    "site home",
    "page",
    "news list",
    "news item",
    "events list",
    "workshop",
    "consultations list",
    "consultation version",
    "consultation section",
    "programme-wide consultation",
    "discussions list",
    "discussion",
    "programme home",
    "workshop list",
    "policy list",
    "get involved",
    "tags",
]


@pytest.mark.parametrize("kind", READING)
def test_reading_a_public_page_sets_no_cookie(client, public_pages, kind):
    response = client.get(public_pages[kind])
    assert response.status_code == 200
    assert not response.cookies, f"{kind} sets {sorted(response.cookies)}"
    assert "Set-Cookie" not in response.headers
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()


def test_searching_sets_no_cookie(client, public_pages):
    response = client.get("/sites/kirklees/search/", {"q": "bus"})
    assert response.status_code == 200
    assert not response.cookies


def _form_of(html: str, action: str) -> str:
    start = html.index(f'action="{action}"')
    return html[html.rindex("<form", 0, start) : html.index("</form>", start)]


def test_a_visitor_follows_from_the_form_on_its_own_page(client, public_pages):
    from programme.models import Following

    news = public_pages["news list"]
    box = _form_of(client.get(news).content.decode(), "/following/")
    assert 'method="get"' in box
    assert 'name="email"' not in box
    target = found(r'name="target" value="([^"]+)"', box, 1)

    # What they chose comes along; the page asks their address, in the site's frame.
    page = client.get("/following/", {"target": target, "next": news, "cadence": "weekly"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="email"' in html
    assert "Kirklees Together" in html
    assert re.search(r'value="weekly"[^>]*checked|checked[^>]*value="weekly"', html)
    assert "csrftoken" in page.cookies  # a form one opened to take part: strictly necessary

    response = client.post(
        "/following/",
        {"target": target, "next": news, "cadence": "weekly", "email": "nadia@example.org"},
    )
    assert response.status_code == 302
    assert response["Location"] == news
    assert Following.objects.get(email="nadia@example.org").cadence == "weekly"


def test_a_tampered_follow_link_leads_back_without_a_form(client, public_pages):
    response = client.get("/following/", {"target": "garbage", "next": "/sites/kirklees/news/"})
    assert response.status_code == 302
    assert response["Location"] == "/sites/kirklees/news/"


def test_a_visitor_starts_a_discussion_from_its_own_page(client, public_pages):
    listing = client.get(public_pages["discussions list"]).content.decode()
    assert 'href="/sites/kirklees/discussions/new/"' in listing
    page = client.get("/sites/kirklees/discussions/new/")
    assert page.status_code == 200
    assert 'name="title"' in page.content.decode()
    response = client.post(
        "/sites/kirklees/discussions/new/", {"title": "Parks", "body": "More benches?"}
    )
    assert "Sign in to save your work" in response.content.decode()


def test_signed_in_people_keep_the_forms_on_the_page(client_as, resident, public_pages):
    client = client_as(resident)
    html = client.get(public_pages["discussion"]).content.decode()
    assert 'name="body"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="title"' in client.get(public_pages["discussions list"]).content.decode()
    box = _form_of(client.get(public_pages["news list"]).content.decode(), "/following/")
    assert 'method="post"' in box
