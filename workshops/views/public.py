"""Workshops as people find them: the list, a workshop, registering, and managing a place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from programme.decorators import (
    guests_or_confirmed_to_send,
    signed_in,
    signed_in_unconfirmed_too,
)
from programme.forms import posted, show_refusal
from programme.frame import render_in_frame
from programme.http import SignedInRequest, person_or_none
from programme.models import Event
from programme.platform import confirm
from programme.platform.clients import client_address
from programme.platform.csv_export import table_csv
from programme.platform.outcomes import ToldByEmail
from programme.services.reach import record_conversion

from .. import permissions, queries, services
from ..filters import WorkshopFilter
from ..forms import CheckInForm, FeedbackForm, NeedsForm, RegistrationForm
from ..models import Registration, RegistrationStatus, Workshop
from ..tables import WorkshopTable


def _framed(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A resident's page about a workshop, set in the frame of the workshop's site."""
    workshop: Workshop = context["workshop"]
    return render_in_frame(request, template, context, workshop.site, status)


def workshop_list(request: HttpRequest) -> HttpResponse:
    """Residents see what is coming up, as a list to read on a phone; the people who plan and
    run workshops their table, with filters and a CSV."""
    if not permissions.sees_workshop_table(request.user):
        page_obj = queries.coming_up_for_residents(request.GET.get("page"))
        coming = {"workshops": page_obj.object_list, "page_obj": page_obj}
        return render(request, "workshops/coming_up.html", coming)
    workshops = queries.workshops_for(request.user)
    workshop_filter = WorkshopFilter(request.GET or None, queryset=workshops)
    if workshop_filter.is_bound and workshop_filter.is_valid():
        workshops = workshop_filter.qs
    table = WorkshopTable(workshops)
    if request.GET.get("format") == "csv":
        return table_csv("workshops.csv", table)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        "table": table,
        "filter": workshop_filter,
        "csv_query": query.urlencode(),
        "can_plan": permissions.can_plan_any_workshop(request.user),
    }
    return render(request, "workshops/workshop_list.html", context)


def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = queries.workshop_detail(permissions.get_workshop_for_user(request.user, slug))
    registration = queries.registration_of(workshop, request.user)
    context: dict[str, object] = {
        "workshop": workshop,
        "registration": registration,
        "can_change_needs": bool(
            registration and permissions.can_change_needs(request.user, registration)
        ),
        "may_register": permissions.may_register(request.user, workshop),
        "can_manage": permissions.can_manage(request.user, workshop),
        "can_take_attendance": permissions.can_take_attendance(request.user, workshop),
        "can_get_pack": permissions.can_get_briefing_pack(request.user, workshop),
        "can_print_posters": permissions.can_print_posters(request.user, workshop),
        "can_read_outcome_notes": permissions.can_read_outcome_notes(request.user, workshop),
        "places_left": workshop.places_left,
        "webcal_url": request.build_absolute_uri(f"/workshops/{workshop.slug}.ics").replace(
            "http", "webcal", 1
        ),
    }
    if context["can_manage"] and workshop.has_ended:
        context["by_audience"] = queries.attendance_by_audience(workshop)
        context["feedback"] = queries.feedback_summary(workshop)
    return _framed(request, "workshops/workshop_detail.html", context)


@guests_or_confirmed_to_send
def register(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = permissions.get_workshop_for_user(request.user, slug)
    signed = request.user.is_authenticated
    existing = queries.registration_of(workshop, request.user)
    if existing:
        # Sent again by someone with a place (say, they signed in on the way): what they
        # typed that their registration does not say is offered for it, never dropped.
        offered = NeedsForm.offered(existing, request.POST) if request.method == "POST" else None
        if offered is not None:
            return _needs_page(request, existing, offered, offered=True)
        messages.info(request, "You are already registered for this workshop.")
        return redirect(workshop)
    form = RegistrationForm(posted(request), signed_in=signed, audiences=workshop.audiences)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register(
                workshop=workshop,
                person=person_or_none(request),
                guest_name=data.get("guest_name", ""),
                guest_email=data.get("guest_email", ""),
                audience=data["audience"],
                accessibility_needs=data["accessibility_needs"],
                dietary_requirements=data["dietary_requirements"],
                consent=data["consent"],
                client=client_address(request),
            )
        except services.WorkshopError as error:
            show_refusal(form, error)
        else:
            record_conversion(request, site=workshop.site, event=Event.REGISTRATION)
            if not signed or isinstance(registration, ToldByEmail):
                # Guests confirm by the emailed link; the page is the same whatever the address.
                return redirect("workshops:guest_check_email", slug=workshop.slug)
            return redirect("workshops:registration", token=registration.manage_token)
    context = {
        "workshop": workshop,
        "form": form,
        "may_register": permissions.may_register(request.user, workshop),
    }
    return _framed(request, "workshops/register.html", context, status=400 if form.errors else 200)


def _needs_page(
    request: HttpRequest, registration: Registration, form: NeedsForm, *, offered: bool = False
) -> HttpResponse:
    context = {
        "workshop": registration.workshop,
        "registration": registration,
        "form": form,
        "offered": offered,
    }
    return _framed(
        request, "workshops/change_needs.html", context, status=400 if form.errors else 200
    )


@signed_in
@require_http_methods(["GET", "POST"])
def change_needs(request: SignedInRequest, slug: str) -> HttpResponse:
    """Change the accessibility and dietary needs on your own place."""
    workshop = permissions.get_workshop_for_user(request.user, slug)
    registration = queries.registration_of(workshop, request.user)
    if registration is None:
        messages.info(request, "You have no place at this workshop.")
        return redirect(workshop)
    form = NeedsForm(
        posted(request),
        initial={
            "accessibility_needs": registration.accessibility_needs,
            "dietary_requirements": registration.dietary_requirements,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_needs(
                registration=registration,
                actor=request.user,
                accessibility_needs=form.cleaned_data["accessibility_needs"],
                dietary_requirements=form.cleaned_data["dietary_requirements"],
            )
        except services.WorkshopError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your registration is updated.")
            return redirect(workshop)
    return _needs_page(request, registration, form)


def guest_check_email(request: HttpRequest, slug: str) -> HttpResponse:
    """Where a guest lands after registering (post/redirect/get): the same for every address."""
    workshop = permissions.get_workshop_for_user(request.user, slug)
    return _framed(request, "workshops/guest_check_email.html", {"workshop": workshop})


def _ask_to_cancel(request: HttpRequest, workshop: Workshop, *, back: str) -> HttpResponse:
    return confirm.ask(
        request,
        title=f"Cancel your place at {workshop.title}?",
        consequences=[
            "Your place goes to the first person on the waiting list, if there is one.",
            "You can register again later if places are still free.",
        ],
        yes="Yes, cancel my place",
        back=back,
        back_label="No, keep my place",
    )


def manage_registration(request: HttpRequest, token: str) -> HttpResponse:
    """The private page for one registration: its status, the code, and a way to cancel."""
    registration = queries.registration_by_token(token)
    if request.method == "POST" and not confirm.was_confirmed(request):
        return _ask_to_cancel(
            request, registration.workshop, back=reverse("workshops:registration", args=[token])
        )
    if request.method == "POST":
        try:
            services.cancel_registration(
                registration=registration,
                actor=request.user if request.user.is_authenticated else None,
            )
        except services.WorkshopError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Your place is cancelled. Thank you for letting us know.")
        return redirect("workshops:registration", token=token)
    return _framed(
        request,
        "workshops/registration.html",
        {"registration": registration, "workshop": registration.workshop},
    )


def confirm_guest(request: HttpRequest, token: str) -> HttpResponse:
    """A guest confirms by following the emailed link; a button guards against mail scanners."""
    registration = queries.registration_by_token(token)
    if request.method == "POST":
        try:
            services.confirm_guest(registration=registration)
        except services.WorkshopError as error:
            messages.error(request, error.message)
        return redirect("workshops:registration", token=token)
    if registration.status != RegistrationStatus.UNCONFIRMED:
        return redirect("workshops:registration", token=token)
    return _framed(
        request,
        "workshops/confirm_guest.html",
        {"registration": registration, "workshop": registration.workshop},
    )


@signed_in_unconfirmed_too  # giving up a place never waits
@require_POST
def cancel_my_place(request: SignedInRequest, slug: str) -> HttpResponse:
    workshop = permissions.get_workshop_for_user(request.user, slug)
    registration = queries.registration_of(workshop, request.user)
    if registration is not None and not confirm.was_confirmed(request):
        return _ask_to_cancel(request, workshop, back=workshop.get_absolute_url())
    if registration is None:
        messages.info(request, "You have no place at this workshop to cancel.")
    else:
        services.cancel_registration(registration=registration, actor=request.user)
        messages.success(request, "Your place is cancelled.")
    return redirect(workshop)


def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    """Self check-in with the registration code; works on a phone at the door, without JavaScript."""
    workshop = permissions.get_workshop_for_user(request.user, slug)
    form = CheckInForm(posted(request))
    checked_in = None
    if request.method == "POST" and form.is_valid():
        try:
            checked_in = services.check_in(
                workshop=workshop,
                code=form.cleaned_data["code"],
                actor=request.user if request.user.is_authenticated else None,
            )
        except services.WorkshopError as error:
            form.add_error("code", error.message)
        else:
            form = CheckInForm()
    context = {"workshop": workshop, "form": form, "checked_in": checked_in}
    return _framed(request, "workshops/check_in.html", context, status=400 if form.errors else 200)


def feedback(request: HttpRequest, token: str) -> HttpResponse:
    registration = queries.registration_by_token(token)
    form = FeedbackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(
                registration=registration,
                rating=form.cleaned_data["rating"],
                comments=form.cleaned_data["comments"],
            )
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            return _framed(
                request, "workshops/feedback_thanks.html", {"workshop": registration.workshop}
            )
    context = {"form": form, "workshop": registration.workshop, "registration": registration}
    return _framed(request, "workshops/feedback.html", context, status=400 if form.errors else 200)
