"""An account whose address is not confirmed takes no part (issue #24): whatever it sends
to register or to comment is kept, not sent, while it confirms, then comes back ready to
send. One rule in the view guards (programme/decorators.py), tried here on every path."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from policy_drafts.models import Comment
from programme import decorators
from programme.models import Reply
from programme.services import updates as update_services
from tests.factories import (
    CommentFactory,
    DiscussionFactory,
    PolicyDraftFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.matching import found
from tests.policy_drafts.conftest import SECTIONS, section
from townhall.models import Discussion, Post
from workshops.models import Registration

from .test_confirmation import path_of
from .test_resume import hidden_fields


@pytest.fixture
def emails(mailoutbox, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda send, *args, **kwargs: send())
    return mailoutbox


@pytest.fixture
def newcomer(db):
    return UserFactory.create(
        email="nadia@example.org", full_name="Nadia Khan", email_confirmed_at=None
    )


@pytest.fixture
def signed_in(client, newcomer):
    client.force_login(newcomer)
    return client


@pytest.fixture
def v1(coordinator):
    """A draft open for comment, of the three SECTIONS: its version 1."""
    draft = PolicyDraftFactory.create(
        title="Social web policy", owners=[coordinator], sections=SECTIONS
    )
    return draft.versions.get()


def confirm_by_the_link_asked_for_again(client, emails) -> str:
    """Press *Email me the link again*, follow the link; where it leads."""
    page = client.get(reverse("accounts:confirm_first"))
    assert page.status_code == 200
    client.post(reverse("accounts:confirm_first"))
    link = found(r"https?://\S+/accounts/confirm/\S+", emails[-1].body)
    return client.post(path_of(link)).url


def sent_and_kept(client, url: str, data: dict, emails) -> None:
    """Send as an unconfirmed account: asked to confirm, the words shown back; then, once
    confirmed, the words come back ready to send, and sending them works."""
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("accounts:confirm_first")
    page = client.get(response.url).content.decode()
    assert "Confirm your email address first" in page
    assert "Nothing has been sent yet" in page
    for value in data.values():
        if len(value) > 12:  # what they wrote, shown back to them (not choices' values)
            assert html.escape(value) in page

    assert confirm_by_the_link_asked_for_again(client, emails) == reverse("accounts:resume_kept")
    ready = client.get(reverse("accounts:resume_kept")).content.decode()
    assert f'action="{url}"' in ready
    carried = hidden_fields(ready)
    for name, value in data.items():
        assert (name, value) in carried
    assert client.post(url, dict(carried)).status_code == 302


def test_an_unconfirmed_account_gets_no_workshop_place_until_it_confirms(
    signed_in, newcomer, coordinator, site, emails
):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator)
    url = reverse("workshops:register", args=[workshop.slug])
    data = {
        "audience": "residents",
        "accessibility_needs": "A hearing loop, please",
        "consent": "on",
    }
    response = signed_in.post(url, data)
    assert not Registration.objects.exists()
    assert response.url == reverse("accounts:confirm_first")
    sent_and_kept(signed_in, url, data, emails)
    registration = Registration.objects.get()
    assert registration.person == newcomer
    assert registration.is_confirmed
    assert registration.accessibility_needs == "A hearing loop, please"


def test_an_unconfirmed_account_cannot_register_as_a_guest_either(
    signed_in, coordinator, site, emails
):
    """Typing a guest's name and address while signed in changes nothing."""
    workshop = WorkshopFactory.create(site=site, created_by=coordinator)
    response = signed_in.post(
        reverse("workshops:register", args=[workshop.slug]),
        {
            "guest_name": "Someone Else",
            "guest_email": "someone@example.org",
            "audience": "residents",
            "consent": "on",
        },
    )
    assert not Registration.objects.exists()
    assert emails == []
    assert response.url == reverse("accounts:confirm_first")


def test_a_guest_still_registers_without_an_account(client, coordinator, site, emails):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator)
    response = client.post(
        reverse("workshops:register", args=[workshop.slug]),
        {
            "guest_name": "Nadia",
            "guest_email": "g@example.org",
            "audience": "residents",
            "consent": "on",
        },
    )
    assert response.url == reverse("workshops:guest_check_email", args=[workshop.slug])
    assert Registration.objects.get().guest_email == "g@example.org"


def test_an_unconfirmed_account_comments_on_a_draft_only_once_confirmed(
    signed_in, newcomer, v1, emails
):
    target = section(v1, "Moderation")
    url = reverse("policy_drafts:comment_on_section", args=[v1.draft.slug, 1, target.key])
    data = {
        f"{target.key}-stance": "support",
        f"{target.key}-body": "Reasons matter: say why a post was hidden.",
        f"{target.key}-capacity": "resident",
    }
    response = signed_in.post(url, data)
    assert not Comment.objects.exists()
    assert response.url == reverse("accounts:confirm_first")
    sent_and_kept(signed_in, url, data, emails)
    comment = Comment.objects.get()
    assert comment.author == newcomer
    assert comment.body.startswith("Reasons matter")


def test_an_unconfirmed_account_replies_to_a_comment_only_once_confirmed(
    signed_in, newcomer, coordinator, v1, emails
):
    question = CommentFactory.create(
        author=coordinator,
        section=section(v1, "Moderation"),
        stance="question",
        body="Who moderates at night?",
    )
    url = reverse("policy_drafts:reply", args=[question.pk])
    data = {"body": "Nobody, so far as I know.", "capacity": "resident"}
    response = signed_in.post(url, data)
    assert not Comment.objects.filter(parent=question).exists()
    assert response.url == reverse("accounts:confirm_first")
    sent_and_kept(signed_in, url, data, emails)
    assert Comment.objects.get(parent=question).author == newcomer


def test_an_unconfirmed_account_starts_no_discussion_until_confirmed(
    signed_in, newcomer, townhall, emails
):
    url = reverse("townhall:discussions", args=[townhall.pilot_site.slug])
    data = {
        "title": "The 303 bus",
        "body": "It is always late in the mornings.",
        "capacity": "resident",
    }
    before = Discussion.objects.count()
    response = signed_in.post(url, data)
    assert Discussion.objects.count() == before
    assert response.url == reverse("accounts:confirm_first")
    sent_and_kept(signed_in, url, data, emails)
    assert Discussion.objects.get(title="The 303 bus").started_by == newcomer


def test_an_unconfirmed_account_posts_no_reply_until_confirmed(
    signed_in, newcomer, townhall, ambassador, emails
):
    thread = DiscussionFactory.create(
        site=townhall, started_by=ambassador, title="Bus routes", first_post__body="Ideas?"
    )
    url = thread.get_absolute_url()
    response = signed_in.post(url, {"body": "A later last bus, please.", "capacity": "resident"})
    assert not Post.objects.filter(author=newcomer).exists()
    assert response.url == reverse("accounts:confirm_first")
    sent_and_kept(
        signed_in, url, {"body": "A later last bus, please.", "capacity": "resident"}, emails
    )
    assert Post.objects.get(author=newcomer).body == "A later last bus, please."


def test_an_unconfirmed_account_replies_to_no_update_until_confirmed(
    signed_in, newcomer, coordinator, emails
):
    update = update_services.write_update(
        actor=coordinator, title="Our second meeting", body="We met.", publish=True
    )
    url = update.get_absolute_url()
    data = {"body": "Thank you for the notes.", "capacity": "resident"}
    response = signed_in.post(url, data)
    assert not Reply.objects.exists()
    assert response.url == reverse("accounts:confirm_first")
    sent_and_kept(signed_in, url, data, emails)
    assert Reply.objects.get().author == newcomer


def test_someone_not_signed_in_replying_to_an_update_keeps_their_words(client, coordinator):
    update = update_services.write_update(
        actor=coordinator, title="Our second meeting", body="We met.", publish=True
    )
    response = client.post(
        update.get_absolute_url(), {"body": "Thank you for the notes.", "capacity": "resident"}
    )
    assert response.status_code == 200
    assert "Sign in to save your work" in response.content.decode()
    assert ("carried:body", "Thank you for the notes.") in hidden_fields(response.content.decode())


def test_confirming_by_any_link_in_the_same_browser_brings_the_words_back(
    signed_in, newcomer, townhall, emails
):
    """Even the first link, emailed on signing up, which leads nowhere in particular."""
    from programme.services import accounts

    url = reverse("townhall:discussions", args=[townhall.pilot_site.slug])
    signed_in.post(url, {"title": "Parks", "body": "More benches.", "capacity": "resident"})
    response = signed_in.post(path_of(accounts.confirmation_link(newcomer)))
    assert response.url == reverse("accounts:resume_kept")


def test_the_page_after_confirming_elsewhere_hands_the_words_back(signed_in, newcomer, townhall):
    url = reverse("townhall:discussions", args=[townhall.pilot_site.slug])
    signed_in.post(url, {"title": "Parks", "body": "More benches.", "capacity": "resident"})
    type(newcomer).objects.filter(pk=newcomer.pk).update(email_confirmed_at="2026-01-01T00:00Z")
    response = signed_in.get(reverse("accounts:confirm_first"))
    assert response.url == reverse("accounts:resume_kept")


def test_asking_for_the_link_again_is_limited(signed_in, newcomer, emails):
    for _ in range(5):
        response = signed_in.post(reverse("accounts:confirm_first"), follow=True)
    assert len(emails) == 3
    assert "several links in the last hour" in response.content.decode()


def test_a_script_sending_for_an_unconfirmed_account_is_sent_to_the_page(signed_in, townhall):
    url = reverse("townhall:discussions", args=[townhall.pilot_site.slug])
    response = signed_in.post(
        url,
        {"title": "Parks", "body": "More benches.", "capacity": "resident"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:confirm_first")
    assert not Discussion.objects.filter(title="Parks").exists()


def test_reports_withdrawals_and_giving_up_a_place_do_not_wait(
    signed_in, newcomer, coordinator, townhall, ambassador
):
    """What an unconfirmed account may still do: report (it weighs nothing), take back its
    own words, give up a place."""
    thread = DiscussionFactory.create(
        site=townhall, started_by=ambassador, title="Bus routes", first_post__body="Ideas?"
    )
    post = thread.posts.get()
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Post).pk
    response = signed_in.post(
        reverse("programme:moderate", args=[ct, post.pk, "report"]), {"reason": "Spam"}
    )
    assert response.status_code == 302
    assert response.url != reverse("accounts:confirm_first")
    workshop = WorkshopFactory.create(site=townhall.pilot_site, created_by=coordinator)
    response = signed_in.post(reverse("workshops:cancel_my_place", args=[workshop.slug]))
    assert response.url != reverse("accounts:confirm_first")


# The guards themselves, on a view of their own: every form behind them, not only these.


def _view(request):
    return HttpResponse("sent")


GUARDS = ["signed_in", "allowed_if", "confirmed_to_send", "guests_or_confirmed_to_send"]


def guard_named(name: str):
    if name == "allowed_if":
        return decorators.allowed_if(lambda user: True)
    return getattr(decorators, name)


@pytest.mark.parametrize("name", GUARDS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_guard_lets_an_unconfirmed_account_send(name, method, newcomer, rf: RequestFactory):
    guard = guard_named(name)
    request = getattr(rf, method)("/somewhere/", {"body": "words"})
    request.user = newcomer
    request.session = {}
    response = guard(_view)(request)
    assert response.status_code in (302, 204)
    assert response.content != b"sent"
    request = rf.get("/somewhere/")
    request.user = newcomer
    assert guard(_view)(request).content == b"sent"  # reading is for everyone


def test_guests_may_send_where_the_view_takes_guests(rf: RequestFactory, db):
    request = rf.post("/somewhere/", {"guest_name": "Nadia"})
    request.user = AnonymousUser()
    assert decorators.guests_or_confirmed_to_send(_view)(request).content == b"sent"
    assert decorators.confirmed_to_send(_view)(request).content != b"sent"


def test_a_confirmed_account_sends_through_every_guard(rf: RequestFactory, resident):
    for name in GUARDS:
        guard = guard_named(name)
        request = rf.post("/somewhere/", {"body": "words"})
        request.user = resident
        assert guard(_view)(request).content == b"sent"
