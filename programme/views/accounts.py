from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from programme.platform import limits
from programme.platform.clients import client_address

from .. import account, council_sign_in, queries, services
from ..capacities import capacities_for
from ..forms.accounts import (
    CloseAccountForm,
    EmailChangeForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
)
from ..forms.base import posted, show_refusal
from ..frame import frame_for_visit
from ..http import SignedInRequest, local_address
from ..services import accounts, data_protection
from . import resume


class SignInView(auth_views.LoginView):
    """Django's sign-in, set in the frame of the site the person came from."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **frame_for_visit(self.request),
            **super().get_context_data(**kwargs),
            "council_sign_in": council_sign_in.enabled(),
        }


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, in the frame of the site the account page was opened from."""

    template_name = "accounts/password_change.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**frame_for_visit(self.request), **super().get_context_data(**kwargs)}


def _sign_in_then(next_url: str) -> str:
    login = reverse("accounts:login")
    return f"{login}?{urlencode({'next': next_url})}" if next_url else login


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    # Where the person was when they chose to create an account (an invitation's link, a
    # form's kept words): they return there after confirming and signing in. Kept in the
    # session, which the same browser brings back, and in the confirmation link, for the
    # email read on another device.
    next_url = local_address(request, request.GET.get("next"))
    if next_url:
        request.session["after_sign_in"] = next_url
    else:  # an account made for its own sake: no earlier way back lingers
        request.session.pop("after_sign_in", None)
    form = SignUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            accounts.sign_up(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
                client=client_address(request),
                next_url=next_url,
            )
        except services.ProgrammeError as error:
            show_refusal(form, error)
        else:
            # Words kept on the way (a form sent before having an account) are this address's.
            resume.claim_kept_words(request, form.cleaned_data["email"])
            # The same page whether or not the address had an account already.
            request.session["check_email"] = form.cleaned_data["email"]
            return redirect("accounts:check_email")
    context = {**frame_for_visit(request), "form": form}
    return render(request, "accounts/sign_up.html", context)


def check_email(request: HttpRequest) -> HttpResponse:
    back = request.session.get("after_sign_in", "")
    context = {
        **frame_for_visit(request, back),
        "email": request.session.get("check_email", ""),
        "days": settings.ACCOUNT_CONFIRMATION_DAYS,
        "sign_in_url": _sign_in_then(back),
    }
    return render(request, "accounts/check_email.html", context)


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """A GET only shows a button, so mail scanners that open links confirm nothing."""
    if request.method == "POST":
        try:
            user = accounts.confirm_email(token=token)
        except services.ProgrammeError as error:
            context = {**frame_for_visit(request), "error": error.message}
            return render(request, "accounts/confirm_email.html", context, status=400)
        messages.success(request, f"Thank you: {user.email} is confirmed.")
        # Used once: a later confirmation in this browser is not sent back there too.
        kept = request.session.pop("after_sign_in", "")
        next_url = local_address(request, request.GET.get("next")) or kept
        if not next_url and resume.KEPT in request.session:
            # Words kept while they confirmed (by any of their links): back to them.
            next_url = reverse("accounts:resume_kept")
        if request.user.is_authenticated:
            return redirect(next_url or "accounts:profile")
        return redirect(_sign_in_then(next_url))
    context = {**frame_for_visit(request), "token": token}
    return render(request, "accounts/confirm_email.html", context)


@login_required
@require_POST
def send_confirmation(request: SignedInRequest) -> HttpResponse:
    # Words kept until they confirm: the new link leads back to them.
    next_url = reverse("accounts:resume_kept") if resume.KEPT in request.session else ""
    if accounts.send_confirmation(
        user=request.user, client=client_address(request), next_url=next_url
    ):
        messages.success(request, f"We have sent a new link to {request.user.email}.")
    else:
        messages.error(
            request, "We have sent several links in the last hour. Look for them, or try later."
        )
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "POST"])
def change_email(request: SignedInRequest) -> HttpResponse:
    form = EmailChangeForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            accounts.request_email_change(user=request.user, new_email=form.cleaned_data["email"])
        except services.ProgrammeError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                f"We have sent a link to {form.cleaned_data['email']}. Your address changes "
                "when you follow it; until then it stays as it is.",
            )
            return redirect("accounts:profile")
    return render(request, "accounts/change_email.html", {**frame_for_visit(request), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: SignedInRequest) -> HttpResponse:
    form = ProfileForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        shown = form.cleaned_data.get("shown_roles") or []
        try:
            services.update_profile(
                actor=request.user,
                user=request.user,
                full_name=form.cleaned_data["full_name"],
                display_name=form.cleaned_data["display_name"],
                bio=form.cleaned_data["bio"],
                shown_grant_ids={grant.pk for grant in shown},
            )
        except services.ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect(request.get_full_path())  # keeps ?site=, and with it the frame
    context = {
        **frame_for_visit(request),
        "form": form,
        "shown_roles": queries.shown_roles(request.user),
        "capacities": capacities_for(request.user),
        "yours": account.summary_of(request.user),
    }
    return render(request, "accounts/profile.html", context)


# Reset requests from one client address, for any addresses: the page answers the same.
RESETS_PER_CLIENT = limits.Limit("password-resets", 10, dt.timedelta(hours=1), "asked")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per client address too; the answer never changes."""

    def form_valid(self, form: Any) -> HttpResponse:
        client = client_address(self.request)
        if not limits.allow(RESETS_PER_CLIENT, client):
            return redirect(self.get_success_url())  # the same answer, nothing sent
        return super().form_valid(form)


@login_required
def my_data(request: SignedInRequest) -> HttpResponse:
    """Everything the product keeps about the person, as a JSON download."""
    data = data_protection.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def close_account(request: SignedInRequest) -> HttpResponse:
    form = CloseAccountForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        data_protection.close_account(actor=request.user, user=request.user)
        logout(request)
        messages.success(
            request,
            "Your account is closed. What you wrote stays, shown as by a former participant.",
        )
        return redirect("home")
    context = {**frame_for_visit(request), "form": form}
    return render(request, "accounts/close_account.html", context)
