"""Signing in with a council account, against a real OpenID provider on loopback.

The provider is the certified `oidc-provider` package (tests/oidc/provider.mjs) on Node,
started once for this module. The person's browser is played by a `requests` session at the
provider and Django's test client here: every redirect between them is followed as a browser
would, and nothing of the protocol is stubbed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urljoin, urlsplit

import jwt
import pytest
import requests
from django.contrib.messages import get_messages

from programme.council_sign_in import CouncilAccountBackend, SignInRefused
from programme.models import Role, User
from programme.platform.checks import council_sign_in_is_complete

from ..conftest import make_person
from ..oidc_provider import CLIENT_ID, configure, free_port, openid_provider

CALLBACK = "http://testserver/accounts/council/callback/"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with openid_provider("http://testserver") as issuer:
        yield issuer


@pytest.fixture
def council(settings, provider, db):
    configure(settings, provider)
    return provider


def at_provider(client, provider: str, account: str, start: str = "/accounts/council/") -> str:
    """Start a council sign-in and play the person at the provider: returns the address the
    provider sends the browser back to (our callback, with its code and state)."""
    response = client.get(start)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{provider}/auth?")
    browser = requests.Session()
    for _ in range(12):
        if location.startswith("http://testserver/"):
            return location
        waiting = re.fullmatch(rf"{re.escape(provider)}/interaction/([^/?]+)", location)
        if waiting:  # the provider's sign-in or consent page: the person goes on as `account`
            location = f"{provider}/interaction/{waiting.group(1)}/as/{account}"
        answer = browser.get(location, allow_redirects=False, timeout=10)
        assert answer.status_code in (302, 303), answer.text
        location = urljoin(provider, answer.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def back_here(client, callback: str):
    parts = urlsplit(callback)
    return client.get(parts.path, parse_qs(parts.query))


def signed_in_as(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def refusal(response) -> str:
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/"
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_the_sign_in_page_offers_a_council_account_only_when_configured(client, settings, db):
    settings.OIDC_ISSUER = ""
    assert "Sign in with your council account" not in client.get("/accounts/sign-in/").text
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID = "https://login.example/", "id"
    page = client.get("/accounts/sign-in/?next=/programme/").text
    assert 'href="/accounts/council/?next=/programme/"' in page
    assert "Sign in with your council account" in page


def test_a_new_officer_signs_in_and_gets_a_confirmed_account_with_no_roles(client, council):
    callback = at_provider(client, council, "new-officer", "/accounts/council/?next=/programme/")
    query = parse_qs(urlsplit(callback).query)
    assert set(query) >= {"code", "state"}
    response = back_here(client, callback)
    assert response.status_code == 302
    assert response["Location"] == "/programme/"
    user = signed_in_as(client)
    assert user is not None
    assert user.email == "ola.officer@kirklees.gov.uk"
    assert user.full_name == "Ola Officer"
    assert user.email_confirmed_at is not None
    assert not user.has_usable_password()
    # Roles come from the programme alone, whatever the provider holds.
    assert not user.is_staff
    assert not user.is_superuser
    assert not user.role_grants.exists()


def test_the_request_carries_state_nonce_and_pkce(client, council):
    response = client.get("/accounts/council/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["response_type"] == ["code"]
    assert query["redirect_uri"] == [CALLBACK]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert len(query["code_challenge"][0]) == 43
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}


def test_an_existing_account_with_a_verified_address_is_the_persons(client, council, site):
    member = make_person("elected_member", site, full_name="Margaret Lee")
    member.email = "margaret.lee@kirklees.gov.uk"
    member.save()
    back_here(client, at_provider(client, council, "member"))
    assert signed_in_as(client) == member
    member.refresh_from_db()
    assert member.full_name == "Margaret Lee"  # the provider's "M Lee" does not overwrite it
    assert member.role_grants.get().role == Role.ELECTED_MEMBER
    assert User.objects.filter(email__iexact="margaret.lee@kirklees.gov.uk").count() == 1


def test_entra_ids_domain_owner_verified_claim_counts_as_verified(client, council, site):
    member = make_person("elected_member", site)
    member.email, member.email_confirmed_at = "margaret.lee@kirklees.gov.uk", None
    member.save()
    back_here(client, at_provider(client, council, "entra-member"))
    assert signed_in_as(client) == member
    member.refresh_from_db()
    assert member.email_confirmed_at is not None


def test_an_unverified_address_never_takes_over_an_account(client, council, site):
    member = make_person("elected_member", site)
    member.email = "margaret.lee@kirklees.gov.uk"
    member.save()
    response = back_here(client, at_provider(client, council, "impostor"))
    assert "did not confirm that your email address is yours" in refusal(response)
    assert signed_in_as(client) is None
    assert User.objects.filter(email__iexact="margaret.lee@kirklees.gov.uk").count() == 1


def test_a_domain_the_council_did_not_name_is_refused(client, council):
    response = back_here(client, at_provider(client, council, "outsider"))
    assert "Accounts at example.com cannot sign in here" in refusal(response)
    assert signed_in_as(client) is None
    assert not User.objects.filter(email="someone@example.com").exists()


def test_a_replayed_state_signs_no_one_in(client, council, django_user_model):
    callback = at_provider(client, council, "new-officer")
    back_here(client, callback)
    assert signed_in_as(client) is not None
    client.post("/accounts/sign-out/")
    # Another sign-in started, then the old answer sent again (by an attacker, or Back).
    client.get("/accounts/council/")
    response = back_here(client, callback)
    assert "could not be completed" in refusal(response)
    assert signed_in_as(client) is None
    # And a browser that never started a sign-in cannot use it either.
    stranger = type(client)()
    response = back_here(stranger, callback)
    assert "could not be completed" in refusal(response)
    assert stranger.session.get("_auth_user_id") is None


def test_a_token_whose_nonce_is_not_the_one_sent_is_refused(client, council):
    callback = at_provider(client, council, "new-officer")
    state = parse_qs(urlsplit(callback).query)["state"][0]
    session = client.session
    session["oidc_states"][state]["nonce"] = "a-nonce-this-browser-never-sent"
    session.save()
    response = back_here(client, callback)
    assert "could not be completed" in refusal(response)
    assert signed_in_as(client) is None
    assert not User.objects.filter(email="ola.officer@kirklees.gov.uk").exists()


def test_an_expired_id_token_is_refused(client, council, monkeypatch):
    callback = at_provider(client, council, "new-officer")

    class TwoHoursLater(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
            return dt.datetime.now(tz) + dt.timedelta(hours=2)

    # The answer reaches us two hours after the provider made it (its tokens last one). Only
    # the token library's clock moves: the rest of the process keeps the real time.
    monkeypatch.setattr(jwt.api_jwt, "datetime", TwoHoursLater)
    response = back_here(client, callback)
    assert "had expired" in refusal(response)
    assert signed_in_as(client) is None


@pytest.mark.parametrize(
    ("setting", "value"),
    [("OIDC_RP_CLIENT_ID", "another-service"), ("OIDC_ISSUER", "https://login.example")],
)
def test_an_id_token_for_another_audience_or_from_another_issuer_is_refused(
    client, council, settings, setting, value
):
    back_here(client, at_provider(client, council, "new-officer"))
    id_token = client.session["oidc_id_token"]  # a real token the provider signed for us
    backend = CouncilAccountBackend()
    key = backend.retrieve_matching_jwk(id_token)  # the provider's published key
    payload = backend._verify_jws(id_token, key)
    assert payload["aud"] == CLIENT_ID
    assert payload["iss"] == council
    setattr(settings, setting, value)
    with pytest.raises(SignInRefused, match="cannot accept"):
        CouncilAccountBackend()._verify_jws(id_token, key)


def test_the_provider_says_no(client, council):
    response = client.get("/accounts/council/")
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    response = client.get("/accounts/council/callback/", {"error": "access_denied", "state": state})
    assert "did not sign you in" in refusal(response)


def test_an_unreachable_provider_is_explained_and_password_sign_in_still_works(
    client, settings, db
):
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    settings.OIDC_CLIENT_ID = settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    response = client.get("/accounts/council/")
    assert "cannot be reached just now" in refusal(response)
    user = make_person("resident")
    user.set_password("a long and private phrase")
    user.save()
    response = client.post(
        "/accounts/sign-in/", {"username": user.email, "password": "a long and private phrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_as(client) == user


def test_signing_out_follows_the_providers_sign_out(client, council):
    back_here(client, at_provider(client, council, "new-officer"))
    id_token = client.session["oidc_id_token"]
    response = client.post("/accounts/sign-out/")
    assert signed_in_as(client) is None
    # A page that moves on at once (a form's redirect to another host would break CSP).
    assert response.status_code == 200
    page = response.content.decode()
    (refresh,) = re.findall(r'<meta http-equiv="refresh" content="0;url=([^"]+)">', page)
    (link,) = re.findall(r'<a class="btn btn-primary" href="([^"]+)">', page)
    assert html.unescape(refresh) == html.unescape(link)
    location = urlsplit(html.unescape(link))
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{council}/session/end"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    # The provider accepts it: it asks the person to confirm signing out there too.
    answer = requests.get(html.unescape(link), timeout=10)
    assert answer.status_code == 200
    assert "logout" in answer.text.lower()


def test_a_password_sign_out_stays_here(client, council, resident):
    client.force_login(resident)
    response = client.post("/accounts/sign-out/")
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"OIDC_ALLOWED_DOMAINS": []}, "every council sign-in is refused"),
        ({"OIDC_CLIENT_SECRET": ""}, "OIDC_CLIENT_SECRET is not set"),
        ({"OIDC_ISSUER": "http://login.example/"}, "is not an https:// address"),
    ],
)
def test_check_deploy_names_a_half_configured_council_sign_in(settings, changes, problem):
    settings.OIDC_ISSUER = "https://login.microsoftonline.com/tenant-id/v2.0"
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "id", "secret"
    settings.OIDC_ALLOWED_DOMAINS = ["kirklees.gov.uk"]
    assert council_sign_in_is_complete() == []
    for name, value in changes.items():
        setattr(settings, name, value)
    (error,) = council_sign_in_is_complete()
    assert error.id == "programme.E003"
    assert problem in error.msg


@pytest.mark.parametrize(
    "query",
    [
        {"code": "x", "state": "\x00"},
        {"code": "x" * 5000, "state": "s" * 5000},
        {"code": ["a", "b"], "state": ["c", "d"]},
        {"state": "only-a-state"},
        {"error": "\x00<script>", "state": "nope"},
        {"code": "a-code-the-provider-never-made", "state": None},
    ],
)
def test_hostile_answers_at_the_callback_sign_no_one_in(client, council, query):
    client.get("/accounts/council/")  # a sign-in started, so the session holds a state
    if "state" in query and query["state"] is None:
        query["state"] = next(iter(client.session["oidc_states"]))
    response = client.get("/accounts/council/callback/", query)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/"
    assert signed_in_as(client) is None
