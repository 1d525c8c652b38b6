"""Control characters pasted from word processors, and NUL, never get past the edge."""

import pytest
from django.urls import reverse

from programme.models import BuildStage, PilotSite, Reply
from programme.platform.text import strip_controls
from programme.services import updates as update_services
from townhall.permissions import site_for


def test_strip_controls_keeps_tabs_and_newlines_only():
    assert strip_controls("a\x00b\x0bc\x0cd\x1fe\x7ff\tg\nh\r\ni") == "abcdef\tg\nh\r\ni"


@pytest.mark.parametrize(
    "forbidden", ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\ud800"]
)
def test_what_xml_forbids_and_every_noncharacter_is_stripped_too(forbidden):
    assert strip_controls(f"Budget{forbidden} update") == "Budget update"


def test_the_characters_people_write_are_all_kept():
    written = "Café – “quoted” · naïve 😀 \u2028 \ue000 \ufffd 中文 عربى"
    assert strip_controls(written) == written


@pytest.fixture
def update(coordinator):
    return update_services.write_update(
        actor=coordinator, title="News", body="We met.", publish=True
    )


def test_control_characters_are_stripped_from_every_posted_form(client_as, resident, update):
    client_as(resident).post(
        reverse("programme:update", args=[update.slug]),
        {"body": "Pasted\x0bfrom\x0cWord\x00 with\ttabs\nand lines", "capacity": "resident"},
    )
    assert Reply.objects.get().body == "PastedfromWord with\ttabs\nand lines"


def test_a_noncharacter_typed_into_a_form_never_reaches_the_database(client_as, resident, update):
    client_as(resident).post(
        reverse("programme:update", args=[update.slug]),
        {"body": "Noted\ufffe\uffff.", "capacity": "resident"},
    )
    assert Reply.objects.get().body == "Noted."


@pytest.mark.parametrize(
    "url",
    [
        "/sites/kirklees/search/?q=a%00b",
        "/workshops/?site=%00",
        "/sites/kirklees/search/?q=%0b",
        "/programme/sites/?sort=%00",
    ],
)
def test_control_characters_in_a_query_string_are_stripped_not_a_500(client, site, url):
    townhall = site_for(site.slug)
    PilotSite.objects.filter(pk=townhall.pilot_site_id).update(build_stage=BuildStage.LIVE)
    response = client.get(url)
    assert response.status_code == 200
    assert all("\x00" not in v and "\x0b" not in v for v in response.wsgi_request.GET.values())


@pytest.mark.parametrize(
    "url",
    [
        "/workshops/registrations/abc%00def/",
        "/ambassadors/status/abc%00/",
        "/accounts/confirm/a%00b/",
        "/sites/kirklees/editors/accept/x%00y/",
    ],
)
def test_nul_in_a_token_address_is_a_404(client, site, url):
    assert client.get(url).status_code == 404
