"""Signing in with the council's account: the start, the return, and signing out of both."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from ..council_sign_in import ID_TOKEN, SignInRefused, discovery, enabled, setting

log = logging.getLogger(__name__)


def _back_to_sign_in(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("accounts:login")


class StartView(OIDCAuthenticationRequestView):
    """Sends the person to their council's sign-in page, with a new state, nonce and PKCE."""

    get_settings = staticmethod(setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return redirect("accounts:login")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except SignInRefused as refused:
            return _back_to_sign_in(request, refused.message)
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: signed in, or told why not."""

    get_settings = staticmethod(setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return redirect("accounts:login")
        try:
            return super().get(request)
        except SignInRefused as refused:
            return _back_to_sign_in(request, refused.message)
        except SuspiciousOperation as error:
            # A state this browser never asked for, or used already (a replay), or a
            # token whose nonce is not the one sent with it.
            log.warning("council sign-in refused: %s", error)
            return _back_to_sign_in(
                request,
                "That sign-in could not be completed: it was used already, or was started "
                "in another browser. Please start again.",
            )

    def login_failure(self) -> HttpResponse:
        if self.request.GET.get("error"):
            message = "Your council's sign-in service did not sign you in."
        else:
            message = "That sign-in could not be completed. Please start again."
        return _back_to_sign_in(self.request, message)


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, then the provider's own where it offers one (RP-initiated logout),
    so a shared computer is not left signed in to the council's account either.

    The way on is a page that moves on at once (and a link), not a redirect: the sign-out
    form's own page allows forms to lead only to this site (CSP `form-action 'self'`), and
    browsers hold a form's redirect to that too.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get(ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        if not (id_token and enabled()):
            return response
        try:
            end_session = discovery().get("end_session_endpoint")
        except SignInRefused:
            return response
        if not end_session:
            return response
        back = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
        query = urlencode(
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": back,
                "client_id": settings.OIDC_RP_CLIENT_ID,
            }
        )
        return render(
            request,
            "accounts/signing_out_of_council.html",
            {"end_session_url": f"{end_session}?{query}"},
        )
