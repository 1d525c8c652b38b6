"""What applicants and referees see: applying, their private status page, giving a reference."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from programme import queries as programme_queries
from programme.decorators import guests_or_confirmed_to_send
from programme.forms import posted
from programme.frame import frame_for_visit, render_in_frame
from programme.http import person_or_none
from programme.models import Event, PilotSite
from programme.platform import confirm
from programme.platform.clients import client_address
from programme.services.reach import record_conversion

from .. import queries, services
from ..forms import ApplicationForm, ReferenceForm
from ..models import Application


# Signed in, an account not confirmed yet confirms first (its words kept): an application
# made signed in is in the account's own name and confirmed address.
@guests_or_confirmed_to_send
def apply(request: HttpRequest) -> HttpResponse:
    applicant = person_or_none(request)
    initial: dict[str, object] = {}
    # Arriving from a site's own pages (?site=kirklees) opens the application for that council.
    chosen = programme_queries.site_by_slug(request.GET.get("site", ""))
    if chosen is not None:
        initial["site"] = chosen.pk
    form = ApplicationForm(posted(request), initial=initial, applicant=applicant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:  # the honeypot: a person never sees this field
            return redirect(_applied_at(data["site"]))
        try:
            services.apply(
                site=data["site"],
                # Signed in: none typed; the service takes both from the account.
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
                neighbourhood=data["neighbourhood"],
                motivation=data["motivation"],
                tasks=data["tasks"],
                channels=data["channels"],
                availability=data["availability"],
                consent=data["consent"],
                person=applicant,
                client=client_address(request),
                equality={k: data[k] for k in ("age_band", "gender", "ethnicity", "disability")},
            )
        except services.AmbassadorError as error:
            form.add_error(None, error.message)
        else:
            record_conversion(request, site=data["site"], event=Event.APPLICATION)
            # Post/redirect/get: refreshing the thank-you page never sends the form again.
            return redirect(_applied_at(data["site"]))
    context = {"form": form, "applicant": applicant}
    status = 400 if form.errors else 200
    return render_in_frame(request, "ambassadors/apply.html", context, chosen, status)


def _applied_at(site: PilotSite) -> str:
    """The thank-you page, in the frame of the council applied to."""
    return f"{reverse('ambassadors:applied')}?{urlencode({'site': site.slug})}"


def applied(request: HttpRequest) -> HttpResponse:
    return render(request, "ambassadors/applied.html", frame_for_visit(request))


def _by_token(token: str) -> Application:
    return queries.application_by_token(token)


def status(request: HttpRequest, token: str) -> HttpResponse:
    application = _by_token(token)
    context = {"application": application, "token": token}
    return render_in_frame(request, "ambassadors/status.html", context, application.site)


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the welcome email: sign in with the address applied with, then take up the place."""
    context: dict[str, object] = {"token": token}
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.accept_place(user=request.user, token=token)
        except services.AmbassadorError as error:
            context["error"] = error.message
            return render(request, "ambassadors/accept.html", context, status=400)
        messages.success(request, "Welcome! Your onboarding checklist is below.")
        return redirect("ambassadors:onboarding")
    return render(request, "ambassadors/accept.html", context)


@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    if not confirm.was_confirmed(request):
        return confirm.ask(
            request,
            title="Withdraw your application?",
            consequences=[
                "Your application stops here: nobody will contact you about it again.",
                "Your details are kept for six months, then erased (or erase them now).",
            ],
            yes="Yes, withdraw my application",
            back=reverse("ambassadors:status", args=[token]),
        )
    try:
        services.withdraw(application=_by_token(token), reason=request.POST.get("reason", ""))
    except services.AmbassadorError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your application is withdrawn. Thank you for your interest.")
    return redirect("ambassadors:status", token=token)


def my_data(request: HttpRequest, token: str) -> HttpResponse:
    application = _by_token(token)
    response = HttpResponse(
        json.dumps(services.export(application), indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-ambassador-application.json"'
    return response


@require_POST
def erase(request: HttpRequest, token: str) -> HttpResponse:
    if not confirm.was_confirmed(request):
        return confirm.ask(
            request,
            title="Erase your details?",
            consequences=[
                "Your name, address, answers and references are erased for good: this cannot be undone.",
                "The programme keeps only that an application was made, without who made it.",
            ],
            yes="Yes, erase my details",
            back=reverse("ambassadors:status", args=[token]),
        )
    services.erase(
        application=_by_token(token), close_account=request.POST.get("close_account") == "on"
    )
    return render(request, "ambassadors/erased.html")


def reference(request: HttpRequest, token: str) -> HttpResponse:
    ref = queries.reference_by_token(token)
    if ref.received_at:
        return render(request, "ambassadors/reference_thanks.html", {"reference": ref})
    form = ReferenceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_reference(reference=ref, **form.cleaned_data)
        except services.AmbassadorError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "ambassadors/reference_thanks.html", {"reference": ref})
    return render(
        request,
        "ambassadors/reference.html",
        {"reference": ref, "form": form},
        status=400 if form.errors else 200,
    )
