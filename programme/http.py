"""What a request carries here, for the type checker: htmx's details (django-htmx's
middleware adds them to every request) and, behind `signed_in` or `allowed_if`, a user
who is signed in."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

from .models import User


class Request(HttpRequest):
    htmx: HtmxDetails


class SignedInRequest(Request):
    user: User  # the view guards (programme.decorators) let no one else in


def person_or_none(request: HttpRequest) -> User | None:
    """The signed-in person, or None for a visitor (a form anyone may send)."""
    return request.user if isinstance(request.user, User) else None


def signed_in_user(request: HttpRequest) -> User:
    """The person behind a request only signed-in people reach (the back office, a guarded
    view's helpers)."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("only signed-in people reach this")
    return user


def local_address(request: HttpRequest, value: object) -> str:
    """`value` if it is a path on this site, else "": where a `next` someone sent may lead.
    Never another scheme or host (an open redirect), even this one spelt out in full, and
    never a bare word, which `redirect()` reads as the name of a view (`next=x` was a
    NoReverseMatch, a 500)."""
    if (
        isinstance(value, str)
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return ""
