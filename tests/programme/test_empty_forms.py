"""A form sent empty says what is missing, beside each field, and changes nothing."""

import pytest


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/ambassadors/apply/"),
        (None, "/accounts/sign-up/"),
        ("site_lead", "/programme/sites/kirklees/stage/"),
        ("resident", "/accounts/email/"),
        ("coordinator", "/programme/updates/new/"),
        ("coordinator", "/programme/meetings/new/"),
    ],
)
def test_an_empty_post_shows_what_is_missing(client, request, site, menus, who, url):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(url, {})
    assert response.status_code in (200, 400), url
    assert "There is a problem" in response.content.decode(), url


@pytest.fixture
def menus(db):
    from tests.ambassadors.conftest import ensure_menus

    ensure_menus()
