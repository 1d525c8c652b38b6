from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import queries, services
from ..capacities import capacities_for
from ..forms.accounts import ProfileForm, SignUpForm


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_account(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except services.ProgrammeError as error:
            field = {"email_taken": "email", "weak_password": "password"}.get(error.code)
            form.add_error(field, error.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, "Welcome! Your account is ready. Tell people who you are below."
            )
            return redirect("accounts:profile")
    return render(request, "accounts/sign_up.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
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
            messages.success(request, "Your profile and civic persona are saved.")
            return redirect("accounts:profile")
    context = {
        "form": form,
        "shown_roles": queries.shown_roles(request.user),
        "capacities": capacities_for(request.user),
    }
    return render(request, "accounts/profile.html", context)
