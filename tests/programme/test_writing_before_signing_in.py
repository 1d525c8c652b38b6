"""Someone not signed in may start writing anywhere: signing in, or creating an account
on the way, hands back everything they typed, ready to send."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, WorkshopFactory
from tests.matching import found
from tests.programme.test_resume import hidden_fields
from townhall.models import Post
from workshops.models import Registration

WORDS = 'The 303 needs a stop by the "new" library & the pool <really>.'


def reply_page(thread) -> str:
    return reverse("townhall:reply", args=[thread.site.pilot_site.slug, thread.pk])


def test_a_visitor_writes_a_reply_then_signs_in_and_sends_it(client, thread, resident):
    # The discussion, only read, holds no form: "Reply" leads to the form's own page.
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'name="body"' not in page
    assert f'href="{reply_page(thread)}"' in page
    page = client.get(reply_page(thread)).content.decode()
    assert 'name="body"' in page
    assert "we keep what you wrote on the way" in page
    assert 'name="capacity"' not in page  # chosen once they are someone

    response = client.post(reply_page(thread), {"body": WORDS})
    assert "Sign in to save your work" in response.content.decode()
    assert not Post.objects.filter(author=resident).exists()

    carried = dict(hidden_fields(response.content.decode()))
    response = client.post(
        reverse("accounts:resume"), {**carried, "username": resident.email, "password": PASSWORD}
    )
    ready = dict(hidden_fields(response.content.decode()))
    assert ready["body"] == WORDS
    assert f'action="{reply_page(thread)}"' in response.content.decode()
    sent = client.post(reply_page(thread), ready)
    assert sent.status_code == 302
    assert sent["Location"] == thread.get_absolute_url()  # a first post waits for approval
    post = Post.objects.get(author=resident)
    assert post.body == WORDS
    assert post.capacity_kind == "resident"


def test_a_visitor_creates_an_account_on_the_way_and_their_words_wait_for_them(
    client, thread, django_capture_on_commit_callbacks
):
    response = client.post(thread.get_absolute_url(), {"body": WORDS})
    carried = dict(hidden_fields(response.content.decode()))
    assert 'action="/accounts/sign-up/keep/"' in response.content.decode()

    response = client.post(reverse("accounts:keep_and_sign_up"), carried)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-up/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            response["Location"],
            {
                "full_name": "Nadia Khan",
                "email": "nadia@example.org",
                "password": "a long new passphrase",
                "password_again": "a long new passphrase",
            },
        )
    link = found(r"https?://[^/\s]+(/accounts/confirm/\S+/)", mail.outbox[-1].body, 1)
    response = client.post(link)
    # Signing in after confirming leads back to the words, not to an empty page.
    sign_in = response["Location"]
    assert "next=%2Faccounts%2Fsign-in%2Fresume%2Fkept%2F" in sign_in
    response = client.post(
        sign_in, {"username": "nadia@example.org", "password": "a long new passphrase"}
    )
    response = client.get(response["Location"])
    ready = dict(hidden_fields(response.content.decode()))
    assert ready["body"] == WORDS
    assert f'action="{thread.get_absolute_url()}"' in response.content.decode()
    sent = client.post(thread.get_absolute_url(), ready)
    assert sent.status_code == 302
    assert sent["Location"] == thread.get_absolute_url()  # a first post waits for approval
    assert Post.objects.get(author__email="nadia@example.org").body == WORDS
    # The words were handed back once: the session no longer holds them.
    again = client.get(reverse("accounts:resume_kept"))
    assert again.status_code == 302
    assert again["Location"] == reverse("home")


def _sign_up_as(client, email: str) -> None:
    client.post(
        reverse("accounts:sign_up"),
        {
            "full_name": "Someone",
            "email": email,
            "password": "a long new passphrase",
            "password_again": "a long new passphrase",
        },
    )


def test_words_kept_for_later_never_lead_off_the_site(client, resident):
    client.post(
        reverse("accounts:keep_and_sign_up"),
        {"next": "https://evil.example/steal", "carried:body": "Hi", "carried:password": "secret"},
    )
    _sign_up_as(client, resident.email)  # theirs (the address had an account already)
    client.force_login(resident)
    response = client.get(reverse("accounts:resume_kept"))
    text = response.content.decode()
    assert 'action="/"' in text
    assert "evil.example" not in text
    assert "secret" not in text  # passwords are never kept


def test_registering_for_a_workshop_can_sign_in_first_without_losing_the_form(
    client, coordinator, site, resident
):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator)
    url = reverse("workshops:register", args=[workshop.slug])
    assert "Sign in first, keeping what you typed" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "guest_name": "Nadia Khan",
            "guest_email": "nadia@example.org",
            "accessibility_needs": "Step-free access, please",
            "_sign_in_first": "1",
        },
    )
    text = response.content.decode()
    assert "Sign in to save your work" in text
    assert not Registration.objects.exists()
    assert ("carried:accessibility_needs", "Step-free access, please") in hidden_fields(text)
    # The button itself is not carried: sending the form again registers.
    assert not any(name == "carried:_sign_in_first" for name, _ in hidden_fields(text))


def _notes(html: str) -> dict[str, str]:
    """The hidden notes a browser sends with a form (its labels; whether the page was shown
    to someone signed in), as read from the page the form is on."""
    return {name: value for name, value in hidden_fields(html) if name.startswith("_")}


def _listed(html: str) -> list[tuple[str, str]]:
    import html as html_lib

    return [
        (html_lib.unescape(label), html_lib.unescape(value))
        for label, value in re.findall(r"<dt>(.*?)</dt><dd><pre[^>]*>(.*?)</pre></dd>", html, re.S)
    ]


@pytest.fixture
def open_workshop(coordinator, site):
    return WorkshopFactory.create(site=site, created_by=coordinator)


def test_someone_who_chose_to_sign_in_first_is_never_told_they_are_signed_in_again(
    client, open_workshop, resident
):
    url = reverse("workshops:register", args=[open_workshop.slug])
    notes = _notes(client.get(url).content.decode())
    assert "_was_signed_in" not in notes  # the page was shown to a visitor
    response = client.post(
        url, {**notes, "dietary_requirements": "Vegetarian", "_sign_in_first": "1"}
    )
    text = response.content.decode()
    assert "Nothing has been sent yet" in text
    assert "signed out" not in text

    carried = dict(hidden_fields(text))
    response = client.post(
        reverse("accounts:resume"), {**carried, "username": resident.email, "password": PASSWORD}
    )
    text = response.content.decode()
    assert "<h1>You are signed in</h1>" in text
    assert "again" not in text


def test_a_visitor_who_writes_a_reply_first_is_told_they_are_not_signed_in(
    client, thread, resident
):
    notes = _notes(client.get(reply_page(thread)).content.decode())
    response = client.post(reply_page(thread), {**notes, "body": WORDS})
    text = response.content.decode()
    assert "You are not signed in, so nothing has been sent yet" in text
    assert "signed out" not in text
    carried = dict(hidden_fields(text))
    response = client.post(
        reverse("accounts:resume"), {**carried, "username": resident.email, "password": PASSWORD}
    )
    assert "<h1>You are signed in</h1>" in response.content.decode()


def test_the_words_kept_are_shown_under_the_labels_of_the_form_they_were_typed_in(
    client, open_workshop, resident
):
    url = reverse("workshops:register", args=[open_workshop.slug])
    notes = _notes(client.get(url).content.decode())
    typed = {
        "guest_name": "Nadia Khan",
        "audience": "residents",
        "accessibility_needs": "Step-free access, please",
        "dietary_requirements": "No nuts",
        "consent": "on",
    }
    response = client.post(url, {**notes, **typed, "_sign_in_first": "1"})
    expected = [
        ("Your name", "Nadia Khan"),
        ("You are coming as", "a resident"),
        ("Accessibility needs", "Step-free access, please"),
        ("Dietary requirements", "No nuts"),
        (
            "I agree to the privacy notice: my details are used to run this workshop and kept "
            "for two years.",
            "Yes",
        ),
    ]
    text = response.content.decode()
    assert _listed(text) == expected
    assert "Dietary_requirements" not in text

    # The same names after signing in, and after making an account on the way.
    carried = dict(hidden_fields(text))
    signed_in = client.post(
        reverse("accounts:resume"), {**carried, "username": resident.email, "password": PASSWORD}
    )
    assert _listed(signed_in.content.decode()) == expected
    client.logout()
    client.post(reverse("accounts:keep_and_sign_up"), carried)
    _sign_up_as(client, resident.email)  # the account made on the way (theirs already)
    client.force_login(resident)
    assert _listed(client.get(reverse("accounts:resume_kept")).content.decode()) == expected


def test_a_reply_kept_through_signing_in_is_shown_under_its_label_too(client, thread):
    notes = _notes(client.get(reply_page(thread)).content.decode())
    response = client.post(reply_page(thread), {**notes, "body": WORDS})
    assert _listed(response.content.decode()) == [("Your reply", WORDS)]


def test_words_from_a_form_that_sent_no_labels_are_named_readably(client, resident):
    client.post(
        reverse("accounts:keep_and_sign_up"), {"next": "/", "carried:dietary_requirements": "Vegan"}
    )
    _sign_up_as(client, resident.email)
    client.force_login(resident)
    text = client.get(reverse("accounts:resume_kept")).content.decode()
    assert _listed(text) == [("Dietary requirements", "Vegan")]


def test_words_kept_by_a_visitor_are_not_offered_to_whoever_signs_in_next(client, resident):
    """A shared computer: a visitor keeps their words to create an account, and leaves."""
    client.post(
        reverse("accounts:keep_and_sign_up"),
        {"next": "/policies/", "carried:body": "My neighbour's address is 4 Elm Road"},
    )
    client.force_login(resident)  # the next person at the library's computer
    response = client.get(reverse("accounts:resume_kept"))
    assert response.status_code == 302
    assert "Elm Road" not in client.get(response["Location"]).content.decode()
    assert "kept_words" not in client.session  # and they are gone from the browser


def test_words_kept_are_given_only_to_the_address_that_signed_up_and_only_for_a_while(
    client, resident, settings
):
    from django.utils import timezone

    from programme.views.resume import KEPT, KEPT_FOR

    client.post(
        reverse("accounts:keep_and_sign_up"), {"next": "/policies/", "carried:body": "Kept"}
    )
    _sign_up_as(client, "someone.else@example.org")
    client.force_login(resident)  # not the address that signed up
    response = client.get(reverse("accounts:resume_kept"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")  # nothing waiting for them

    client.logout()
    client.post(
        reverse("accounts:keep_and_sign_up"), {"next": "/policies/", "carried:body": "Kept"}
    )
    _sign_up_as(client, resident.email)
    session = client.session
    session[KEPT]["at"] = (timezone.now() - KEPT_FOR - dt.timedelta(minutes=1)).isoformat()
    session.save()
    client.force_login(resident)
    response = client.get(reverse("accounts:resume_kept"))
    assert response.status_code == 302  # too old
    assert response["Location"] == reverse("home")
