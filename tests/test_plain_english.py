"""Plain English (#25): residents and ambassadors read their own words, not the pilot's.

A required field left empty says what to give; the pilot's inner words ("civic persona",
"content providers", "External partners") are not on the pages residents read; how someone
is coming to a workshop is said to them as a sentence.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from policy_drafts import services as draft_services
from policy_drafts.models import DraftStatus
from programme.models import BuildStage, PilotSite
from tests.factories import DiscussionFactory, UserFactory, WorkshopFactory
from tests.policy_drafts.conftest import SECTIONS, comment_url
from tests.workshops.conftest import book
from tests.workshops.test_running import started
from townhall.models import TownhallSite
from townhall.permissions import site_for
from workshops import services as workshop_services
from workshops.models import Audience

DJANGO_REQUIRED = "This field is required"

# What a tester found residents reading, and should not.
JARGON = [
    "content provider",
    "civic persona",
    "external partners",
    "roles you hold would appear here",
    "alongside:",
    "not counted",
    "coming as officers",
    "coming as residents",
    "1 places",
]


@pytest.fixture
def live(site, coordinator, ambassador):
    """A live site with a published workshop, a consultation open for comment and a discussion."""
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    workshop = WorkshopFactory.create(site=site, created_by=coordinator, capacity=1)
    draft = draft_services.create_draft(
        actor=coordinator, title="Social web policy", site=site, sections=SECTIONS
    )
    version = draft_services.publish_version(actor=coordinator, draft=draft, change_note="")
    draft_services.set_status(actor=coordinator, draft=draft, status=DraftStatus.OPEN)
    discussion = DiscussionFactory.create(
        site=site_for(site.slug),
        started_by=ambassador,
        title="Bus routes",
        first_post__body="What should change?",
        first_post__capacity="ambassador:kirklees",
    )
    return {"workshop": workshop, "version": version, "discussion": discussion}


def errors_of(response) -> str:
    return response.content.decode()


def assert_says_what_to_give(response, *expected: str) -> None:
    page = errors_of(response)
    assert DJANGO_REQUIRED not in page
    for words in expected:
        assert words in page, words


# (1) An empty required field says what to give.


def test_an_empty_workshop_registration_says_what_to_give(client, live):
    url = reverse("workshops:register", args=[live["workshop"].slug])
    assert_says_what_to_give(client.post(url, {}), "Tell us your name", "Choose how you are coming")


def test_an_empty_sign_up_says_what_to_give(client):
    assert_says_what_to_give(
        client.post(reverse("accounts:sign_up"), {}),
        "Enter your full name",
        "Enter your email address",
        "Choose a password",
    )


def test_an_empty_sign_in_says_what_to_give(client):
    assert_says_what_to_give(
        client.post(reverse("accounts:login"), {}),
        "Enter your email address",
        "Enter your password",
    )


def test_an_empty_comment_says_what_to_give(client_as, resident, live):
    section = live["version"].sections.get(heading=SECTIONS[1][0])
    response = client_as(resident).post(comment_url(section), {})
    assert_says_what_to_give(response, "Write your comment", "Choose your view")


def test_an_empty_reply_says_what_to_give(client_as, resident, live):
    section = live["version"].sections.get(heading=SECTIONS[1][0])
    comment = draft_services.add_comment(
        author=resident, section=section, capacity="resident", stance="support", body="Yes."
    )
    response = client_as(resident).post(reverse("policy_drafts:reply", args=[comment.pk]), {})
    assert_says_what_to_give(response, "Write your reply")


def test_an_empty_discussion_post_and_reply_say_what_to_give(client_as, resident, live, site):
    client = client_as(resident)
    response = client.post(reverse("townhall:discussions", args=[site.slug]), {})
    assert_says_what_to_give(response, "Give your discussion a title", "Write your post")
    response = client.post(live["discussion"].get_absolute_url(), {})
    assert_says_what_to_give(response, "Write your reply")


def test_empty_feedback_says_what_to_give(client, coordinator, live):
    workshop = live["workshop"]
    came = book(workshop, UserFactory.create())
    started(workshop)
    workshop_services.mark_attendance(actor=coordinator, registration=came, attended=True)
    response = client.post(reverse("workshops:feedback", args=[came.manage_token]), {})
    assert_says_what_to_give(response, "Choose how useful the workshop was")


def test_an_empty_check_in_says_what_to_give(client, live):
    url = reverse("workshops:check_in", args=[live["workshop"].slug])
    assert_says_what_to_give(client.post(url, {"code": ""}), "Enter your registration code")


# (2) None of the pilot's inner words on the pages residents read.


def resident_pages(site, live) -> list[str]:
    slug = site.slug
    townhall = [
        reverse(f"townhall:{name}", args=[slug])
        for name in ("home", "events", "have_your_say", "get_involved", "discussions", "terms")
    ]
    return [
        *townhall,
        reverse("townhall:legal", args=[slug, "privacy"]),
        live["discussion"].get_absolute_url(),
        live["workshop"].get_absolute_url(),
        reverse("workshops:register", args=[live["workshop"].slug]),
        live["version"].draft.get_absolute_url(),
        reverse("policy_drafts:list"),
        comment_url(live["version"].sections.get(heading=SECTIONS[1][0])),
        reverse("home"),
    ]


def jargon_on(client, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).lower()
        words = [phrase for phrase in JARGON if phrase in text]
        if words:
            found[url] = words
    return found


def test_no_jargon_on_the_resident_pages_of_a_live_site_for_a_visitor(client, site, live):
    assert jargon_on(client, resident_pages(site, live)) == {}


def test_no_jargon_on_the_resident_pages_of_a_live_site_for_a_resident(
    client_as, resident, site, live
):
    urls = [*resident_pages(site, live), reverse("accounts:profile")]
    assert jargon_on(client_as(resident), urls) == {}


def test_a_resident_with_no_roles_reads_that_they_speak_as_a_resident(client_as, resident, live):
    page = client_as(resident).get(live["discussion"].get_absolute_url()).content.decode()
    assert "You speak as a resident." in page
    assert "Roles you hold" not in page


def test_the_profile_says_how_you_appear_on_the_site(client_as, resident):
    page = client_as(resident).get(reverse("accounts:profile")).content.decode()
    assert "how you appear on the site" in page
    assert "civic persona" not in page


def test_a_workshop_says_what_kind_it_is_and_who_it_is_for_in_a_sentence(client, live):
    page = client.get(live["workshop"].get_absolute_url()).content.decode()
    assert "for local groups and organisations who work with the council" in page
    assert "For council officers and residents." in page


def test_a_demo_site_has_one_name_in_its_header_pages_and_titles(client, other_site):
    """The demo's pages call Chorley's site "Chorley Voice"; the site made when Chorley
    joined ("Chorley Town Hall") takes that name, so its header and titles say the same."""
    from townhall import demo

    PilotSite.objects.filter(pk=other_site.pk).update(build_stage=BuildStage.LIVE)
    demo.name_site(other_site)
    assert TownhallSite.objects.get(pilot_site=other_site).name == "Chorley Voice"
    page = client.get(reverse("townhall:home", args=["chorley"])).content.decode()
    assert "Chorley Voice</title>" in page
    assert "Chorley Town Hall" not in page


# (3) How someone is coming, in the singular, as a sentence.


def test_the_registration_form_says_you_are_coming_as_one_person(client, live):
    page = client.get(reverse("workshops:register", args=[live["workshop"].slug])).content
    text = page.decode()
    assert "You are coming as" in text
    assert re.search(r"<label[^>]*>\s*an officer\s*</label>", text) or ">an officer<" in text
    assert "a resident" in text
    assert ">Residents<" not in text
    assert ">Officers<" not in text


def test_a_registration_page_says_how_you_are_coming(client, live):
    registration = book(live["workshop"], UserFactory.create(), audience=Audience.OFFICERS)
    page = client.get(reverse("workshops:registration", args=[registration.manage_token]))
    assert "You are coming as an officer." in page.content.decode()


def test_your_place_on_the_workshop_page_says_how_you_are_coming(client_as, resident, live):
    book(live["workshop"], resident)
    page = client_as(resident).get(live["workshop"].get_absolute_url()).content.decode()
    assert "You are coming as a resident." in page
