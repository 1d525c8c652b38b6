"""Signing up, in and out, passwords, and the profile with its civic persona."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from programme.models import ActivityLog, RoleGrant, User
from tests.conftest import CAST
from tests.factories import PASSWORD, UserFactory
from tests.matching import found


def sign_up_data(**overrides):
    data = {
        "full_name": "Ann Other",
        "email": "ann@example.org",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    return data | overrides


def test_signing_up_creates_an_unconfirmed_account_and_emails_the_link(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:sign_up"), sign_up_data(), follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:check_email")
    assert "ann@example.org" in response.content.decode()
    assert not response.context["user"].is_authenticated  # the same answer for every address
    user = User.objects.get()
    assert user.full_name == "Ann Other"
    assert user.email_confirmed_at is None
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    assert "/accounts/confirm/" in mailoutbox[0].body


def test_sign_up_errors_show_in_a_summary_and_beside_the_field(client, db):
    response = client.post(
        reverse("accounts:sign_up"),
        sign_up_data(email="not-an-email", password_again="different-password-9"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page
    assert 'href="#id_email"' in page
    assert 'href="#id_password_again"' in page
    assert "The two passwords do not match." in page
    assert 'value="Ann Other"' in page  # what the person typed is kept
    assert not User.objects.exists()


def test_sign_up_with_an_address_in_use_answers_the_same_and_tells_its_owner(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(reverse("accounts:sign_up"), sign_up_data(email=resident.email.upper()))
        fresh = client.post(reverse("accounts:sign_up"), sign_up_data(email="new@example.org"))

    assert taken.status_code == fresh.status_code == 302
    assert taken.url == fresh.url == reverse("accounts:check_email")
    assert User.objects.count() == 2
    told = next(m for m in mailoutbox if m.to == [resident.email])
    assert "already has one" in told.body
    assert "/accounts/confirm/" not in told.body


def test_an_address_in_use_is_told_to_sign_in_with_the_way_back_kept(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/sign-up/?next=/ambassadors/welcome/abc/",
            sign_up_data(email=resident.email),
        )
    told = next(m for m in mailoutbox if m.to == [resident.email])
    assert "/accounts/sign-in/?next=%2Fambassadors%2Fwelcome%2Fabc%2F" in told.body


# Templates that link to "Create an account" without the way back, though the page asks
# the person to come back to it.
WAY_BACK_NOT_KEPT_YET: set[str] = set()


def test_every_page_that_asks_people_to_come_back_keeps_the_way_back_through_sign_up():
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    lost = set()
    for path in root.rglob("*.html"):
        text = path.read_text()
        name = str(path.relative_to(root))
        if name == "includes/nav_account.html":  # on account pages it names none on purpose
            continue
        asks_back = "?next=" in text or "come back" in text
        sign_ups = re.findall(
            r"\{% url 'accounts:sign_up' %\}((?:\{% if request\.GET\.next %\})?\?next=)?", text
        )
        if asks_back and any(not kept for kept in sign_ups):
            lost.add(name)
    assert lost == WAY_BACK_NOT_KEPT_YET


def test_sign_up_refuses_a_weak_password_beside_the_field(client, db):
    response = client.post(
        reverse("accounts:sign_up"), sign_up_data(password="password", password_again="password")
    )

    assert 'href="#id_password"' in response.content.decode()
    assert not User.objects.exists()


def test_signed_in_people_are_sent_from_sign_up_to_their_profile(client, resident):
    client.force_login(resident)
    assert client.get(reverse("accounts:sign_up")).url == reverse("accounts:profile")


def test_signing_in_with_the_email_address_in_any_case(client, resident):
    response = client.post(
        reverse("accounts:login"), {"username": resident.email.upper(), "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_wrong_password_reshows_the_form_with_an_error(client, resident):
    response = client.post(
        reverse("accounts:login"), {"username": resident.email, "password": "wrong"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page
    assert "do not match an account" in page
    assert f'value="{resident.email}"' in page


def test_repeated_wrong_passwords_are_throttled_even_for_the_right_one(client, resident, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": resident.email, "password": "wrong"})

    response = client.post(
        reverse("accounts:login"), {"username": resident.email, "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 302  # still signed out
    assert profile["Location"] == f"{reverse('accounts:login')}?next={reverse('accounts:profile')}"


def test_throttling_one_address_does_not_lock_out_another(client, resident, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": resident.email, "password": "wrong"})
    other = UserFactory.create()

    response = client.post(
        reverse("accounts:login"), {"username": other.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_signing_out_needs_a_post(client, resident):
    client.force_login(resident)
    client.post(reverse("accounts:logout"))
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 302
    assert profile["Location"] == f"{reverse('accounts:login')}?next={reverse('accounts:profile')}"


def test_password_reset_emails_a_link_that_sets_a_new_password(
    client, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # sent once the request commits
        client.post(reverse("accounts:password_reset"), {"email": resident.email})

    assert len(mail.outbox) == 1
    link = found(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body, 1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(
        form_url, {"new_password1": "brand-new-password-5", "new_password2": "brand-new-password-5"}
    )

    assert response.url == reverse("accounts:password_reset_complete")
    resident.refresh_from_db()
    assert resident.check_password("brand-new-password-5")
    assert ActivityLog.objects.filter(action="programme.password.reset").exists()


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_changing_the_password_keeps_the_person_signed_in(client, resident):
    client.force_login(resident)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "brand-new-password-5",
            "new_password2": "brand-new-password-5",
        },
    )

    assert response.url == reverse("accounts:password_change_done")
    assert client.get(reverse("accounts:profile")).status_code == 200
    resident.refresh_from_db()
    assert resident.check_password("brand-new-password-5")


@pytest.mark.parametrize("role", CAST)
def test_the_profile_page_is_for_signed_in_people(client_as, person, site, role):
    response = client_as(person).get(reverse("accounts:profile"))

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 200


def test_editing_the_civic_persona(client, officer):
    client.force_login(officer)
    grant = RoleGrant.objects.get(user=officer)

    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Owen Bright",
            "display_name": "Owen B.",
            "bio": "I look after the website.",
            "shown_roles": [grant.pk],
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Your profile is saved." in page
    assert "Owen B." in page
    assert "Officer, Kirklees" in page
    officer.refresh_from_db()
    assert officer.bio == "I look after the website."


def test_the_profile_lists_the_capacities_a_person_may_speak_in(client, officer):
    client.force_login(officer)
    page = client.get(reverse("accounts:profile")).content.decode()

    assert "Resident (personal view)" in page
    assert "Officer of Kirklees Council" in page


def test_a_too_long_bio_is_refused_beside_the_field_and_nothing_changes(client, resident):
    client.force_login(resident)

    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Rosa Green", "display_name": "Rosa", "bio": "x" * 501},
    )

    assert 'href="#id_bio"' in response.content.decode()
    resident.refresh_from_db()
    assert resident.display_name == ""


def test_a_person_cannot_show_a_role_they_do_not_hold(client, officer, ambassador):
    client.force_login(officer)
    others = RoleGrant.objects.get(user=ambassador)

    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Owen", "display_name": "", "bio": "", "shown_roles": [others.pk]},
    )

    assert 'href="#id_shown_roles_0"' in response.content.decode()
    others.refresh_from_db()
    assert not others.shown_on_persona


def test_changing_the_case_of_the_address_does_not_dodge_the_throttle(client, resident, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        email = resident.email.upper() if attempt % 2 else resident.email
        client.post(reverse("accounts:login"), {"username": email, "password": "wrong"})

    response = client.post(
        reverse("accounts:login"), {"username": resident.email, "password": PASSWORD}
    )

    assert response.status_code == 429


def test_fifteen_reset_requests_send_three_emails_and_answer_the_same(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    answers = set()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(15):
            response = client.post(reverse("accounts:password_reset"), {"email": resident.email})
            answers.add((response.status_code, response.url))
    assert answers == {(302, reverse("accounts:password_reset_done"))}
    assert len(mailoutbox) == 3


def test_reset_requests_are_limited_per_client_for_any_addresses(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    people = [UserFactory.create(email=f"p{n}@example.org") for n in range(12)]
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            response = client.post(reverse("accounts:password_reset"), {"email": person.email})
            assert response.status_code == 302
            assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 10


def test_the_reset_email_reads_plainly(client, db, mailoutbox, django_capture_on_commit_callbacks):
    person = UserFactory.create(email="sean@example.org", full_name="Seán O'Brien & Co")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": person.email})
    assert "Hello Seán O'Brien & Co," in mailoutbox[0].body
    assert "&#x27;" not in mailoutbox[0].body
    assert "&amp;" not in mailoutbox[0].body


def test_signing_up_does_the_same_work_whether_or_not_the_address_has_an_account(
    client, db, resident, django_capture_on_commit_callbacks
):
    """Neither the answer nor its time says who has an account: the password is hashed
    (the slow part) once either way, and one email goes to the worker either way."""
    from unittest import mock

    from django.core import mail

    from programme.services import accounts

    work = {}
    for address in ("new.person@example.org", resident.email):
        mail.outbox.clear()
        with (
            mock.patch.object(accounts, "make_password", wraps=accounts.make_password) as hashing,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(reverse("accounts:sign_up"), sign_up_data(email=address))
        work[address] = (
            response.status_code,
            response["Location"],
            hashing.call_count,
            len(mail.outbox),
        )
    assert (
        work["new.person@example.org"]
        == work[resident.email]
        == (302, reverse("accounts:check_email"), 1, 1)
    )


def test_a_weak_password_is_refused_whether_or_not_the_address_has_an_account(client, db, resident):
    answers = [
        client.post(
            reverse("accounts:sign_up"),
            sign_up_data(email=address, password="password", password_again="password"),
        )
        for address in ("new.person@example.org", resident.email)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert all("This password is too common" in a.content.decode() for a in answers)
