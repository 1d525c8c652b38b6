"""Staff sign-in with the council's own identity provider (OpenID Connect).

On when `OIDC_ISSUER` and `OIDC_CLIENT_ID` are set. mozilla-django-oidc runs the protocol:
the authorisation code flow with `state`, `nonce` and PKCE, the code exchanged for tokens,
the ID token's signature checked against the issuer's published keys. What it leaves to us:

- the endpoints, read from the issuer's `/.well-known/openid-configuration` when first
  needed (and cached), so a council sets four values, not eight, and a password sign-in
  never waits on the provider;
- the ID token's `iss`, `aud` and `exp` (the library checks only the signature and nonce);
- which account is the person's (`services.accounts.sign_in_with_council_account`);

The views (programme/views/council_sign_in.py) tell the person plainly why a sign-in was
refused, instead of a bare 400, and follow the provider's own sign-out after ours.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from programme.platform.errors import ProgrammeError

from .services import accounts

log = logging.getLogger(__name__)

DISCOVERY_SECONDS = 60 * 60
# mozilla-django-oidc's endpoint settings, and where the issuer's discovery document has each.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# The session key under which the ID token is kept, for the provider's sign-out.
ID_TOKEN = "oidc_id_token"  # noqa: S105 (a session key's name)


class SignInRefused(Exception):
    """The provider's answer cannot sign this person in; `message` says why, for them."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def discovery() -> dict[str, Any]:
    """The issuer's OpenID configuration, fetched once an hour at most."""
    key = f"oidc-discovery:{settings.OIDC_ISSUER}"
    document = cache.get(key)
    if document is None:
        url = settings.OIDC_ISSUER.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            log.warning("council sign-in: discovery at %s failed: %s", url, error)
            raise SignInRefused(
                "Your council's sign-in service cannot be reached just now. Try again in a "
                "few minutes, or sign in with your email address and password."
            ) from error
        # The issuer named in the document must be the one configured (OpenID Connect
        # Discovery, 4.3): otherwise tokens from another issuer could be taken as its.
        if document.get("issuer") != settings.OIDC_ISSUER:
            raise ImproperlyConfigured(
                f"OIDC_ISSUER is {settings.OIDC_ISSUER!r} but its discovery document names "
                f"{document.get('issuer')!r}; set OIDC_ISSUER to exactly that."
            )
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def setting(attr: str, *default: Any) -> Any:
    if attr in ENDPOINTS:
        return discovery().get(ENDPOINTS[attr], *default)
    return import_from_settings(attr, *default)


class CouncilAccountBackend(OIDCAuthenticationBackend):
    """Signs in the person the council's provider vouches for, and no one else."""

    get_settings = staticmethod(setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Unlike the library's, reads nothing from the provider here: Django makes every
        # backend for every sign-in, including password ones.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    # The endpoints (the library's names), looked up only when a council sign-in uses them.
    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return setting("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str | None:
        return setting("OIDC_OP_USER_ENDPOINT", None)

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return setting("OIDC_OP_JWKS_ENDPOINT")

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if not enabled() or request is None or "code" not in request.GET:
            return None  # a password sign-in: not ours
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            log.warning("council sign-in: the provider answered with an error: %s", error)
            raise SignInRefused(
                "Your council's sign-in service did not complete the sign-in. Try again, or "
                "sign in with your email address and password."
            ) from error

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The signature (with the one algorithm configured), issuer, audience and expiry."""
        if jwt.get_unverified_header(payload).get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SignInRefused("Your council's sign-in service sent a token signed the wrong way.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=settings.OIDC_CLOCK_LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise SignInRefused(
                "The sign-in from your council's service had expired by the time it reached "
                "us. Please try again."
            ) from error
        except jwt.InvalidTokenError as error:
            log.warning("council sign-in: ID token refused: %s", error)
            raise SignInRefused(
                "Your council's sign-in service sent a token we cannot accept. Please try "
                "again; if it keeps happening, tell your council's IT team."
            ) from error

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            # The UserInfo answer must be about the person the ID token names (Core 5.3.2).
            if userinfo.get("sub") != payload.get("sub"):
                raise SignInRefused("Your council's sign-in service answered about someone else.")
            claims.update(userinfo)
        try:
            return accounts.sign_in_with_council_account(
                email=str(claims.get("email") or ""),
                verified=_email_verified(claims),
                full_name=_full_name(claims),
                allowed_domains=settings.OIDC_ALLOWED_DOMAINS,
            )
        except ProgrammeError as error:
            raise SignInRefused(error.message) from error

    def store_tokens(self, access_token: str, id_token: str) -> None:
        # Only the ID token, only for the provider's sign-out (its `id_token_hint`).
        self.request.session[ID_TOKEN] = id_token


def _email_verified(claims: dict[str, Any]) -> bool:
    """Whether the provider vouches for the address: `email_verified` (Google and the
    standard), or `xms_edov` (Microsoft Entra ID's optional claim that the domain's owner
    verified it; Entra sends no `email_verified`). Some providers send the string "true"."""
    return any(claims.get(name) in (True, "true") for name in ("email_verified", "xms_edov"))


def _full_name(claims: dict[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        name = " ".join(str(claims.get(part) or "") for part in ("given_name", "family_name"))
    return name.strip()[:150]
