"""An account counts only once its address is confirmed; addresses change only by a link."""

import datetime as dt
import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from programme import permissions
from programme.models import Role, User
from programme.services import accounts, grant_role
from tests.factories import PASSWORD, UserFactory
from tests.matching import found


def link_in(message) -> str:
    return found(r"https?://\S+/accounts/confirm/\S+/", message.body)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def emails(mailoutbox, monkeypatch):
    """Emails sent during the test, as they would be once each transaction commits."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda send, *args, **kwargs: send())
    return mailoutbox


@pytest.fixture
def newcomer(db):
    return UserFactory.create(
        email="nadia@example.org", full_name="Nadia Khan", email_confirmed_at=None
    )


def test_an_unconfirmed_account_holds_no_role_until_it_confirms(newcomer, site, emails, client):
    grant_role(actor=None, user=newcomer, role=Role.SITE_LEAD, site=site)
    assert not permissions.has_role(newcomer, Role.SITE_LEAD, site)

    client.force_login(newcomer)
    assert client.get(reverse("programme:dashboard")).status_code == 403

    accounts.send_confirmation(user=newcomer)
    page = client.get(path_of(link_in(emails[-1])))
    assert page.status_code == 200
    assert b"Confirm my email address" in page.content
    newcomer.refresh_from_db()
    assert newcomer.email_confirmed_at is None  # opening the link confirms nothing

    client.post(path_of(link_in(emails[-1])))
    newcomer.refresh_from_db()
    assert newcomer.is_confirmed
    assert permissions.has_role(newcomer, Role.SITE_LEAD, site)
    assert client.get(reverse("programme:dashboard")).status_code == 200


def test_an_unconfirmed_account_signs_in_and_reads_and_is_told_what_waits(newcomer, client):
    client.force_login(newcomer)
    page = client.get(reverse("home")).content.decode()
    assert "Confirm your email address to take part" in page
    assert client.get(reverse("policy_drafts:list")).status_code == 200


def test_an_unconfirmed_superuser_is_no_coordinator(db):
    boss = UserFactory.create(is_superuser=True, is_staff=True, email_confirmed_at=None)
    assert not permissions.is_coordinator(boss)
    made = User.objects.create_superuser("root@example.org", PASSWORD, full_name="Root")
    assert permissions.is_coordinator(made)


def test_a_link_that_is_forged_or_expired_confirms_nothing(newcomer, client, emails, settings):
    forged = signing.dumps({"u": newcomer.pk, "from": newcomer.email, "to": newcomer.email})
    response = client.post(reverse("accounts:confirm_email", args=[forged]))
    assert response.status_code == 400
    assert b"expired or is not right" in response.content

    accounts.send_confirmation(user=newcomer)
    later = timezone.now() + dt.timedelta(days=settings.ACCOUNT_CONFIRMATION_DAYS, hours=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "time", lambda: later.timestamp())  # what signing reads the age by
        response = client.post(path_of(link_in(emails[-1])))
    assert response.status_code == 400
    newcomer.refresh_from_db()
    assert newcomer.email_confirmed_at is None


@pytest.mark.parametrize(
    ("token", "status"),
    # A NUL or a slash is no address of ours; anything else is a link that does not check out.
    [("x" * 5000, 400), ("%00", 404), ("a:b:c", 400), ("..%2f..%2f", 404)],
)
def test_hostile_tokens_are_refused_plainly(client, db, token, status):
    assert client.post(f"/accounts/confirm/{token}/").status_code == status


def test_confirmation_emails_to_one_address_are_limited(newcomer, emails):
    sent = [accounts.send_confirmation(user=newcomer) for _ in range(5)]
    assert sent == [True, True, True, False, False]
    assert len(emails) == 3


def test_changing_the_address_needs_the_new_one_confirmed_and_tells_the_old(
    client, resident, emails
):
    old = resident.email
    client.force_login(resident)
    response = client.post(
        reverse("accounts:change_email"), {"email": "rosa@new.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    resident.refresh_from_db()
    assert resident.email == old  # nothing changes until the link is followed
    assert emails[-1].to == ["rosa@new.example"]

    client.post(path_of(link_in(emails[-1])))
    resident.refresh_from_db()
    assert resident.email == "rosa@new.example"
    assert resident.is_confirmed
    told = emails[-1]
    assert told.to == [old]
    assert "rosa@new.example" in told.body


def test_changing_the_address_needs_the_password(client, resident, emails):
    client.force_login(resident)
    response = client.post(
        reverse("accounts:change_email"), {"email": "rosa@new.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert emails == []


def test_changing_to_an_address_in_use_answers_the_same_and_changes_nothing(
    client, resident, officer, emails
):
    client.force_login(resident)
    response = client.post(
        reverse("accounts:change_email"), {"email": officer.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")  # as for a free address
    assert emails[-1].to == [officer.email]
    assert "/accounts/confirm/" not in emails[-1].body


def test_an_old_change_link_stops_working_once_the_address_moved_on(client, resident, emails):
    accounts.request_email_change(user=resident, new_email="one@new.example")
    first = path_of(link_in(emails[-1]))
    accounts.request_email_change(user=resident, new_email="two@new.example")
    client.post(path_of(link_in(emails[-1])))
    response = client.post(first)
    assert response.status_code == 400
    resident.refresh_from_db()
    assert resident.email == "two@new.example"


def test_a_name_with_apostrophes_and_ampersands_reads_plainly_in_the_email(db, emails):
    accounts.sign_up(email="sean@example.org", full_name="Seán O'Brien & Co", password=PASSWORD)
    assert "Hello Seán O'Brien & Co," in emails[-1].body


def test_sign_ups_are_limited_per_client_address(client, db):
    for n in range(accounts.SIGN_UPS_PER_CLIENT.count + 1):
        response = client.post(
            reverse("accounts:sign_up"),
            {
                "full_name": "Bot",
                "email": f"bot{n}@example.org",
                "password": PASSWORD,
                "password_again": PASSWORD,
            },
            REMOTE_ADDR="203.0.113.5",
        )
    assert "You can try again at" in response.content.decode()
    assert User.objects.count() == accounts.SIGN_UPS_PER_CLIENT.count


def test_signing_in_from_any_page_comes_back_to_it(client, resident, site):
    page = client.get(reverse("policy_drafts:list")).content.decode()
    assert 'href="/accounts/sign-in/?next=/policies/"' in page
    response = client.post(
        "/accounts/sign-in/?next=/policies/", {"username": resident.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/policies/"


def test_creating_an_account_part_way_comes_back_after_confirming(client, db, emails):
    client.get("/accounts/sign-up/?next=/workshops/")
    client.post(
        "/accounts/sign-up/?next=/workshops/",
        {
            "full_name": "Nadia Khan",
            "email": "nadia.k@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    check = client.get(reverse("accounts:check_email")).content.decode()
    assert "/accounts/sign-in/?next=%2Fworkshops%2F" in check
    response = client.post(path_of(link_in(emails[-1])))
    assert response.url == "/accounts/sign-in/?next=%2Fworkshops%2F"


HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "javascript:alert(1)",
    "/\\evil.example/",
    "http://testserver/workshops/",  # this site spelt out in full: only paths are kept
]


@pytest.mark.parametrize("next_url", HOSTILE)
def test_a_next_address_elsewhere_is_ignored(client, db, emails, next_url):
    from urllib.parse import quote

    client.get(f"/accounts/sign-up/?next={quote(next_url)}")
    client.post(
        f"/accounts/sign-up/?next={quote(next_url)}",
        {
            "full_name": "Nadia Khan",
            "email": "nadia.k@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    response = client.post(path_of(link_in(emails[-1])))
    assert response.url == "/accounts/sign-in/"
    assert "evil" not in emails[-1].body
    assert "next=" not in emails[-1].body


def full_link_in(message) -> str:
    """The confirmation link with its query (where it leads on to), as a path."""
    url = found(r"https?://\S+/accounts/confirm/\S+", message.body)
    return path_of(url)


def test_the_confirmation_link_leads_back_from_another_browser_too(client, db, emails):
    from django.test import Client

    client.get("/accounts/sign-up/?next=/ambassadors/welcome/abc/")
    client.post(
        "/accounts/sign-up/?next=/ambassadors/welcome/abc/",
        {
            "full_name": "Nadia Khan",
            "email": "nadia.k@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    link = full_link_in(emails[-1])
    assert link.endswith("?next=%2Fambassadors%2Fwelcome%2Fabc%2F")
    phone = Client()  # the email is read on a phone: no session of the sign-up's browser
    response = phone.post(link)
    assert response["Location"] == "/accounts/sign-in/?next=%2Fambassadors%2Fwelcome%2Fabc%2F"


@pytest.mark.parametrize("next_url", HOSTILE)
def test_a_confirmation_link_altered_to_lead_elsewhere_leads_nowhere(newcomer, client, next_url):
    from urllib.parse import quote

    link = path_of(accounts.confirmation_link(newcomer)) + f"?next={quote(next_url)}"
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == "/accounts/sign-in/"
    client.force_login(newcomer)
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")


def test_someone_signed_in_who_confirms_goes_on_to_where_they_were_going(newcomer, client):
    client.force_login(newcomer)
    link = path_of(accounts.confirmation_link(newcomer, next_url="/ambassadors/welcome/abc/"))
    response = client.post(link)
    assert response.url == "/ambassadors/welcome/abc/"


def test_a_way_back_is_used_once_and_a_later_plain_sign_up_has_none(client, db, emails):
    def sign_up(query: str, email: str) -> str:
        client.get(f"/accounts/sign-up/{query}")
        client.post(
            f"/accounts/sign-up/{query}",
            {
                "full_name": "Nadia Khan",
                "email": email,
                "password": PASSWORD,
                "password_again": PASSWORD,
            },
        )
        return full_link_in(emails[-1]).split("?")[0]  # as if the link lost its tail

    first = sign_up("?next=/ambassadors/welcome/abc/", "nadia.k@example.org")
    later = sign_up("", "nadia.other@example.org")  # the same browser, for another reason
    assert client.post(later).url == "/accounts/sign-in/"
    assert client.post(first).url == "/accounts/sign-in/"  # the kept way back went with it


def test_a_change_link_followed_again_after_changing_back_moves_nothing(client, resident, emails):
    """Issue #24: T1 (to work), back again by T2, then T1 replayed by anyone."""
    home = resident.email
    client.force_login(resident)
    change = reverse("accounts:change_email")
    client.post(change, {"email": "rosa@work.example", "password": PASSWORD})
    to_work = path_of(link_in(emails[-1]))
    response = client.post(to_work)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    client.post(change, {"email": home, "password": PASSWORD})
    response = client.post(path_of(link_in(emails[-1])))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    resident.refresh_from_db()
    assert resident.email == home

    from django.test import Client

    response = Client().post(to_work)  # anonymously, from anywhere
    assert response.status_code == 400
    assert b"no longer good" in response.content
    resident.refresh_from_db()
    assert resident.email == home
    assert resident.is_confirmed


def test_only_the_latest_change_asked_for_can_be_confirmed(client, resident, emails):
    old = resident.email
    accounts.request_email_change(user=resident, new_email="one@new.example")
    first = path_of(link_in(emails[-1]))
    accounts.request_email_change(user=resident, new_email="two@new.example")
    latest = path_of(link_in(emails[-1]))
    assert client.post(first).status_code == 400
    resident.refresh_from_db()
    assert resident.email == old
    response = client.post(latest)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")  # signed out: to sign in
    resident.refresh_from_db()
    assert resident.email == "two@new.example"


def test_a_change_link_is_good_once(client, resident, emails):
    accounts.request_email_change(user=resident, new_email="one@new.example")
    link = path_of(link_in(emails[-1]))
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")  # signed out: to sign in
    assert client.post(link).status_code == 400
    resident.refresh_from_db()
    assert resident.email == "one@new.example"


def test_asking_for_a_change_stops_earlier_links_even_when_no_email_goes(client, resident, emails):
    accounts.request_email_change(user=resident, new_email="one@new.example")
    first = path_of(link_in(emails[-1]))
    for _ in range(accounts.EMAILS_PER_ADDRESS.count):  # no more emails to this address
        accounts.request_email_change(user=resident, new_email="two@new.example")
    accounts.request_email_change(user=resident, new_email="two@new.example")
    assert client.post(first).status_code == 400


def test_a_change_link_made_before_links_counted_changes_nothing(client, resident, newcomer):
    """Links already sent when this shipped: the address one still confirms, a change never."""
    made_before = {"u": resident.pk, "from": resident.email, "to": "rosa@work.example"}
    response = client.post(
        reverse("accounts:confirm_email", args=[signing.dumps(made_before, salt=accounts.SALT)])
    )
    assert response.status_code == 400
    resident.refresh_from_db()
    assert resident.email != "rosa@work.example"

    own = {"u": newcomer.pk, "from": newcomer.email, "to": newcomer.email}
    client.post(reverse("accounts:confirm_email", args=[signing.dumps(own, salt=accounts.SALT)]))
    newcomer.refresh_from_db()
    assert newcomer.is_confirmed


@pytest.mark.parametrize("count", [None, -1, 0, "1", 2, [1]])
def test_a_change_link_with_any_other_count_is_refused(client, resident, count):
    """Even signed with the site's key (as only the site can), a count not the account's."""
    accounts.request_email_change(user=resident, new_email="one@new.example")  # count 1
    data = {"u": resident.pk, "from": resident.email, "to": "one@new.example", "n": count}
    token = signing.dumps(data, salt=accounts.SALT)
    assert client.post(reverse("accounts:confirm_email", args=[token])).status_code == 400
    resident.refresh_from_db()
    assert resident.email != "one@new.example"
