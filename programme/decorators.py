"""View guards: who may see a view, and whose forms it takes.

Anonymous people are sent to sign in; signed-in people without access get 403. What a
person sends (a POST) needs a confirmed identity too: a signed-in account whose address
is not confirmed yet is asked to confirm it first, and what it wrote is kept meanwhile
(programme/views/resume.py), never sent and never lost. One rule for every form: a
view opts out only where an unconfirmed account may act on what is already its own
(`signed_in_unconfirmed_too`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from .models import User

View = Callable[..., HttpResponseBase]
AnyView = TypeVar("AnyView", bound=View)
READING = {"GET", "HEAD", "OPTIONS"}


def _not_signed_in(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # A request made by a script (a draft saving itself): nothing to swap in;
        # the page says so, and its next full submit keeps the words (below).
        return HttpResponse(status=401, headers={"HX-Trigger": "signed-out"})
    if request.method not in READING:
        # Their session ended mid-form: keep what they sent, never drop it.
        from .views.resume import sign_in_to_save

        return sign_in_to_save(request)
    return redirect_to_login(request.get_full_path())


def _unconfirmed_sending(request: HttpRequest) -> HttpResponse | None:
    """Confirm first, keeping the words, when a signed-in account not confirmed yet sends."""
    user = request.user
    if request.method in READING or not isinstance(user, User) or user.is_confirmed:
        return None
    from .views.resume import keep_until_confirmed

    return keep_until_confirmed(request)


def allowed_if(
    predicate: Callable[[User], bool], *, unconfirmed_may_send: bool = False
) -> Callable[[View], View]:
    """Let in the signed-in people `predicate` allows; the view then takes a SignedInRequest.

    What they send needs a confirmed address, unless `unconfirmed_may_send`.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return _not_signed_in(request)
            if not predicate(request.user):
                raise PermissionDenied
            if not unconfirmed_may_send and (confirm := _unconfirmed_sending(request)) is not None:
                return confirm
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def signed_in(view: View) -> View:
    return allowed_if(lambda user: True)(view)


def signed_in_unconfirmed_too(view: View) -> View:
    """Signed in, confirmed or not: for acting on what is already the person's own (their
    place, their words, their calendar) and for reports, which count nothing until then."""
    return allowed_if(lambda user: True, unconfirmed_may_send=True)(view)


def confirmed_to_send(view: AnyView) -> AnyView:
    """Anyone reads the view; only a confirmed account sends its form. Someone not signed
    in signs in first, an unconfirmed account confirms first, keeping what they wrote."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if request.method not in READING and not request.user.is_authenticated:
            return _not_signed_in(request)
        if (confirm := _unconfirmed_sending(request)) is not None:
            return confirm
        return view(request, *args, **kwargs)

    return cast(AnyView, wrapper)


def guests_or_confirmed_to_send(view: AnyView) -> AnyView:
    """A form guests may send too (they confirm by email, as the view says): someone signed
    in sends it only once their address is confirmed, keeping what they wrote meanwhile."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if (confirm := _unconfirmed_sending(request)) is not None:
            return confirm
        return view(request, *args, **kwargs)

    return cast(AnyView, wrapper)
