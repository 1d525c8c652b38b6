"""A form sent by someone not signed in is kept, not lost.

They may never have signed in (a visitor who wrote a reply, or chose *Sign in first,
keeping what you typed*), or their session ended while they wrote: the post then reaches
a signed-in-only view as an anonymous request. Instead of a redirect that drops the
posted data, the person is asked to sign in on a page that carries their fields along
(hidden, and shown to them under the form's own labels so they can copy the text if
they prefer). Once signed in they get their form back, ready to send with a fresh CSRF
token; only someone who was signed in while writing is told they are signed in *again*
(programme/forms/keeping.py). Passwords are never carried; files cannot be, and the
page says so.

Someone signed in whose address is not confirmed yet sends nothing either (rights need a
confirmed identity, programme/decorators.py): their words wait in the session, as for
someone creating an account, while they confirm (`keep_until_confirmed`), and come back
ready to send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_http_methods, require_POST

from programme.platform.clients import client_address

from ..forms import keeping
from ..forms.accounts import SignInForm
from ..frame import frame_for_visit
from ..http import SignedInRequest, local_address
from ..services import accounts

CARRY = "carried:"
# A form's "Sign in first" button: the form goes to the sign-in page, words and all.
SIGN_IN_FIRST = "_sign_in_first"
# Where the words wait, in the session, while someone creates an account and confirms it.
KEPT = "kept_words"
# How long kept words wait: as long as a confirmation link lasts. They are given only to
# the person who kept them (their account, or the address they signed up with in that
# browser), never to whoever signs in next on a shared computer.
KEPT_FOR = dt.timedelta(days=settings.ACCOUNT_CONFIRMATION_DAYS)


def keep_words(request: HttpRequest, words: dict[str, Any]) -> None:
    """Keep a person's words in this browser, with when, and whose they are: the signed-in
    account, or (for a visitor) nobody's yet, until they sign up (`claim_kept_words`)."""
    owner = request.user.pk if request.user.is_authenticated else None
    request.session[KEPT] = {**words, "at": timezone.now().isoformat(), "user": owner}


def claim_kept_words(request: HttpRequest, email: str) -> None:
    """A visitor who kept words signs up with `email`: the words are that address's."""
    kept = request.session.get(KEPT)
    if kept and kept.get("user") is None and not kept.get("email"):
        request.session[KEPT] = {**kept, "email": email.strip().lower()}


def kept_words(request: HttpRequest) -> dict[str, Any] | None:
    """The words this browser keeps for the person signed in, if they are theirs and not
    too old; anything else kept is dropped (another person's words, or stale ones)."""
    kept = request.session.get(KEPT)
    if not kept:
        return None
    user = request.user
    at = parse_datetime(str(kept.get("at", "")))
    fresh = at is not None and timezone.now() - at < KEPT_FOR
    theirs = user.is_authenticated and (
        kept.get("user") == user.pk
        or (kept.get("email") and kept["email"] == str(user.email).lower())
    )
    if fresh and theirs:
        return dict(kept)
    if not fresh or user.is_authenticated:
        request.session.pop(KEPT, None)
    return None


NEVER_CARRIED = {
    "csrfmiddlewaretoken",
    "password",
    "password1",
    "password2",
    "old_password",
    "_sign_in_first",
}


def _safe(request: HttpRequest, url: str) -> str:
    return local_address(request, url) or "/"


def _carried(data: QueryDict, *, prefix: str = "") -> list[tuple[str, str]]:
    fields = []
    for key in data:
        if not key.startswith(prefix):
            continue
        name = key.removeprefix(prefix)
        if name not in NEVER_CARRIED:
            fields += [(name, value) for value in data.getlist(key)]
    return fields


def _to_sign_in(
    request: HttpRequest,
    form: SignInForm,
    carried: list[tuple[str, str]],
    *,
    next_url: str,
    had_files: bool = False,
    chose: bool = False,
) -> HttpResponse:
    context = {
        **frame_for_visit(request, next_url),
        "form": form,
        "carried": carried,
        "listed": keeping.listed(carried),
        "had_files": had_files,
        "next": next_url,
        "chose": chose,
        "was_signed_in": keeping.was_signed_in(carried),
    }
    return render(request, "accounts/sign_in_to_save.html", context)


def _ready_to_send(
    request: HttpRequest,
    carried: list[tuple[str, str]],
    *,
    next_url: str,
    again: bool,
    confirmed: bool = False,
) -> HttpResponse:
    context = {
        **frame_for_visit(request, next_url),
        "carried": carried,
        "listed": keeping.listed(carried),
        "next": next_url,
        "again": again,
        "confirmed": confirmed,
    }
    return render(request, "accounts/resume.html", context)


def sign_in_to_save(
    request: HttpRequest, next_url: str | None = None, *, chose: bool = False
) -> HttpResponse:
    """The response to a form sent by someone not signed in: `chose` when they asked to
    sign in first; otherwise they never signed in, or their session ended as they wrote."""
    return _to_sign_in(
        request,
        SignInForm(request),
        _carried(request.POST),
        next_url=next_url or request.get_full_path(),
        had_files=bool(request.FILES),
        chose=chose,
    )


@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    """Sign in, then show the person's form ready to send."""
    carried = _carried(request.POST, prefix=CARRY)
    next_url = _safe(request, request.POST.get("next", ""))
    form = SignInForm(request, data=request.POST)
    if not form.is_valid():
        chose = request.POST.get("chose") == "1"
        return _to_sign_in(request, form, carried, next_url=next_url, chose=chose)
    login(request, form.get_user())
    return _ready_to_send(request, carried, next_url=next_url, again=keeping.was_signed_in(carried))


class SignInFirstMiddleware:
    """A form's "Sign in first" button (named `_sign_in_first`) from someone not signed in
    leads to the sign-in page with everything they typed, for any form on the site."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # After CsrfViewMiddleware: only a genuine form of this site gets here.
        if (
            request.method == "POST"
            and SIGN_IN_FIRST in request.POST
            and not request.user.is_authenticated
        ):
            return sign_in_to_save(request, chose=True)
        return None


@require_POST
def keep_and_sign_up(request: HttpRequest) -> HttpResponse:
    """No account yet: keep the words in the session while the person creates one and
    confirms their address, then give them back (`resume_kept`)."""
    keep_words(
        request,
        {
            "next": _safe(request, request.POST.get("next", "")),
            "fields": _carried(request.POST, prefix=CARRY),
        },
    )
    return redirect(
        f"{reverse('accounts:sign_up')}?{urlencode({'next': reverse('accounts:resume_kept')})}"
    )


@login_required
def resume_kept(request: SignedInRequest) -> HttpResponse:
    """Signed in at last: the words kept while they made an account, ready to send."""
    kept = kept_words(request)
    request.session.pop(KEPT, None)
    if not kept:
        messages.info(request, "You are signed in. Nothing was waiting to be sent.")
        return redirect("home")
    carried = [(name, value) for name, value in kept["fields"]]
    # They have just made their account, or confirmed it: this is no "again".
    confirmed = bool(kept.get("confirming")) and request.user.is_confirmed
    return _ready_to_send(request, carried, next_url=kept["next"], again=False, confirmed=confirmed)


def keep_until_confirmed(request: HttpRequest) -> HttpResponse:
    """The response to a form sent by a signed-in account whose address is not confirmed:
    nothing is sent; the words wait in this browser while the person confirms."""
    keep_words(
        request,
        {
            "next": request.get_full_path(),
            "fields": _carried(request.POST),
            "had_files": bool(request.FILES),
            "confirming": True,
        },
    )
    url = reverse("accounts:confirm_first")
    if request.headers.get("HX-Request"):  # a script's request: the whole page goes there
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_first(request: SignedInRequest) -> HttpResponse:
    """Confirm your address first: what you wrote is kept. Sending the form asks for the
    link again, leading back to the words once followed."""
    kept = kept_words(request) or {}
    if request.user.is_confirmed:  # confirmed meanwhile (another tab, another device)
        return redirect("accounts:resume_kept" if kept else "accounts:profile")
    if request.method == "POST":
        if accounts.send_confirmation(
            user=request.user,
            client=client_address(request),
            next_url=reverse("accounts:resume_kept"),
        ):
            messages.success(request, f"We have sent a new link to {request.user.email}.")
        else:
            messages.error(
                request,
                "We have sent several links in the last hour. Look for them, or try later.",
            )
        return redirect("accounts:confirm_first")
    carried = [(name, value) for name, value in kept.get("fields", [])]
    context = {
        **frame_for_visit(request, kept.get("next", "")),
        "email": request.user.email,
        "days": settings.ACCOUNT_CONFIRMATION_DAYS,
        "listed": keeping.listed(carried),
        "had_files": kept.get("had_files", False),
    }
    return render(request, "accounts/confirm_first.html", context)
