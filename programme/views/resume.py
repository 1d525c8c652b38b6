"""When a session ends mid-form, what the person sent is kept, not lost.

A form posted after the session expired reaches a signed-in-only view as an
anonymous request. Instead of a redirect that drops the posted data, the person
is asked to sign in again on a page that carries their fields along (hidden,
and shown to them so they can copy the text if they prefer). Once signed in they
get their form back, ready to send again with a fresh CSRF token. Passwords are
never carried; files cannot be, and the page says so.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..forms.accounts import SignInForm

CARRY = "carried:"
NEVER_CARRIED = {"csrfmiddlewaretoken", "password", "password1", "password2", "old_password"}


def _carried(data, *, prefix: str = "") -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    fields = []
    for key in data:
        if not key.startswith(prefix):
            continue
        name = key.removeprefix(prefix)
        if name not in NEVER_CARRIED:
            fields += [(name, value) for value in data.getlist(key)]
    return fields


def sign_in_to_save(request: HttpRequest, next_url: str | None = None) -> HttpResponse:
    """The response to a form posted by someone whose session has ended."""
    context = {
        "form": SignInForm(request),
        "carried": _carried(request.POST),
        "had_files": bool(request.FILES),
        "next": next_url or request.get_full_path(),
    }
    return render(request, "accounts/sign_in_to_save.html", context)


@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    """Sign in again, then show the person's form ready to send once more."""
    carried = _carried(request.POST, prefix=CARRY)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    form = SignInForm(request, data=request.POST)
    if not form.is_valid():
        context = {"form": form, "carried": carried, "had_files": False, "next": next_url}
        return render(request, "accounts/sign_in_to_save.html", context)
    login(request, form.get_user())
    return render(request, "accounts/resume.html", {"carried": carried, "next": next_url})
