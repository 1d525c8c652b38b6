"""A form sent empty says what is missing, beside each field, and changes nothing."""

import pytest


@pytest.mark.parametrize(
    ("who", "url", "status"),
    # Most forms sent back with errors answer 400; these few still answer 200.
    [
        (None, "/ambassadors/apply/", 400),
        (None, "/accounts/sign-up/", 200),
        ("site_lead", "/programme/sites/kirklees/stage/", 400),
        ("resident", "/accounts/email/", 200),
        ("coordinator", "/programme/updates/new/", 200),
        ("coordinator", "/programme/meetings/new/", 200),
    ],
)
def test_an_empty_post_shows_what_is_missing(client, request, site, menus, who, url, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(url, {})
    assert response.status_code == status, url
    assert "There is a problem" in response.content.decode(), url


@pytest.fixture
def menus(db):
    from tests.ambassadors.conftest import ensure_menus

    ensure_menus()
