from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from . import permissions, queries, services
from .capacities import capacities_for
from .forms import ProfileForm, SignUpForm
from .tables import PilotSiteTable


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/home.html", {"sites": queries.sites_for_home()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/privacy.html")


def site_list(request: HttpRequest) -> HttpResponse:
    table = PilotSiteTable(queries.sites_for_home())
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "programme/site_list.html", {"table": table})


def site_detail(request: HttpRequest, slug: str) -> HttpResponse:
    site = permissions.get_site_for_user(request.user, slug)
    context = {
        "site": site,
        "initiatives": site.initiatives.all(),
        "people": queries.site_people(site, request.user),
        "sees_everyone": permissions.can_see_site_people(request.user, site),
    }
    return render(request, "programme/site_detail.html", context)


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


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever broke may be among them.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
