"""A session that ends mid-form never loses the form: sign in again and send it as it was."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from programme.models import BuildStage, PilotSite
from tests.factories import PASSWORD, DiscussionFactory, PageFactory
from tests.townhall.editing import editor_url, open_editor
from townhall.models import Post
from townhall.permissions import site_for


def hidden_fields(html: str) -> list[tuple[str, str]]:
    import html as html_lib

    return [
        (html_lib.unescape(name), html_lib.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    ]


@pytest.fixture
def page(site, site_lead):
    return PageFactory.create(
        site=site_for(site.slug),
        created_by=site_lead,
        title="Opening hours",
        first_published_at=None,
    )


def test_an_editor_signed_out_mid_edit_signs_in_again_and_saves_their_words(
    client, site_lead, site, page
):
    client.force_login(site_lead)
    values = open_editor(client, page)
    client.logout()  # the session ends while they write
    url = editor_url(page)
    words = 'Open 9–5, "late" on Thursdays & <never> Sundays'
    values |= {"title": "Opening times", "summary": words}
    response = client.post(url, values)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Sign in to save your work" in text
    assert "You were signed out while you were writing" in text  # the page was theirs
    assert page.revisions.count() == 1  # nothing saved, nothing lost
    carried = hidden_fields(text)
    assert ("carried:summary", words) in carried
    assert ("next", url) in carried

    sign_in = {"username": site_lead.email, "password": PASSWORD, **dict(carried)}
    response = client.post(reverse("accounts:resume"), sign_in)
    text = response.content.decode()
    assert "You are signed in again" in text
    again = dict(hidden_fields(text))
    assert again["summary"] == words
    assert f'action="{url}"' in text

    saved = client.post(url, again)
    assert saved.status_code == 302
    assert saved["Location"] == url  # saved: back to the editor
    page.refresh_from_db()
    assert page.latest_revision.summary == words
    assert page.latest_revision.title == "Opening times"


def test_a_wrong_password_keeps_the_words_and_passwords_are_never_carried(client, site_lead):
    response = client.post(
        reverse("accounts:resume"),
        {
            "username": site_lead.email,
            "password": "wrong",
            "next": "/programme/",
            "carried:body": "My long reply",
            "carried:password": "secret",
        },
    )
    text = response.content.decode()
    assert "do not match an account" in text
    assert ("carried:body", "My long reply") in hidden_fields(text)
    assert "secret" not in text


def test_resume_never_sends_the_form_to_another_site(client, site_lead):
    response = client.post(
        reverse("accounts:resume"),
        {"username": site_lead.email, "password": PASSWORD, "next": "https://evil.example/x"},
    )
    assert 'action="/"' in response.content.decode()


def test_a_resident_signed_out_mid_reply_keeps_their_reply(client, resident, ambassador, site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)

    first = DiscussionFactory.create(
        site=site_for(site.slug),
        started_by=ambassador,
        title="Bus routes",
        first_post__body="What do you think?",
        first_post__capacity="resident",
    ).posts.get()
    response = client.post(
        first.discussion.get_absolute_url(),
        {"body": "The 42 should run later.", "capacity": "resident"},
    )
    assert response.status_code == 200
    assert ("carried:body", "The 42 should run later.") in hidden_fields(response.content.decode())
    assert Post.objects.count() == 1
