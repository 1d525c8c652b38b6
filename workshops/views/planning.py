"""Planning and running workshops: coordinators, site leads and facilitators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from programme import permissions as programme_permissions
from programme.decorators import allowed_if, signed_in
from programme.forms import posted, show_refusal
from programme.http import SignedInRequest
from programme.models import PilotSite
from programme.platform.text import plural, record_id

from .. import permissions, queries, services
from ..agenda_templates import TEMPLATES
from ..forms import (
    AgendaFormSet,
    InviteForm,
    OutcomeActionFormSet,
    OutcomeForm,
    ReasonForm,
    WorkshopForm,
)
from ..models import Registration, Workshop


def _plannable_sites(user: programme_permissions.AnyUser) -> QuerySet[PilotSite]:
    return queries.plannable_sites(user)


def _managed(request: HttpRequest, slug: str) -> Workshop:
    return permissions.get_workshop_for_user(request.user, slug, write=True)


@allowed_if(permissions.can_plan_any_workshop)
def workshop_create(request: SignedInRequest) -> HttpResponse:
    form = WorkshopForm(posted(request), sites=_plannable_sites(request.user), viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        site, facilitators, template = (
            data.pop("site"),
            data.pop("facilitators"),
            data.pop("template", ""),
        )
        try:
            workshop = services.create_workshop(
                actor=request.user, site=site, facilitators=facilitators, template=template, **data
            )
        except services.WorkshopError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, "Workshop saved as a draft. Check the agenda, then publish it."
            )
            return redirect(workshop)
    return render(
        request,
        "workshops/workshop_form.html",
        {"form": form, "title": "Plan a workshop"},
        status=400 if form.errors else 200,
    )


@signed_in
def workshop_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    workshop = _managed(request, slug)
    form = WorkshopForm(
        posted(request),
        instance=workshop,
        sites=_plannable_sites(request.user),
        viewer=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("site", None)
        facilitators = data.pop("facilitators")
        try:
            services.edit_workshop(
                actor=request.user, workshop=workshop, facilitators=facilitators, **data
            )
        except services.WorkshopError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Workshop saved.")
            return redirect(workshop)
    # An invalid form has already written the typed values onto the instance: read the saved ones.
    workshop = queries.saved(workshop)
    context = {"form": form, "title": f"Edit “{workshop.title}”", "workshop": workshop}
    return render(
        request, "workshops/workshop_form.html", context, status=400 if form.errors else 200
    )


@signed_in
def agenda(request: SignedInRequest, slug: str) -> HttpResponse:
    workshop = _managed(request, slug)
    formset = AgendaFormSet(posted(request), queryset=workshop.agenda.all())
    if request.method == "POST" and "template" in request.POST:
        try:
            services.apply_agenda_template(
                actor=request.user, workshop=workshop, template=request.POST["template"]
            )
        except services.WorkshopError as error:
            messages.error(request, error.message)
        return redirect("workshops:agenda", slug=slug)
    if request.method == "POST" and formset.is_valid():
        items = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        services.save_agenda(actor=request.user, workshop=workshop, items=items)
        messages.success(request, "Agenda saved.")
        return redirect(workshop)
    context = {"workshop": workshop, "formset": formset, "templates": TEMPLATES.values()}
    return render(
        request,
        "workshops/agenda.html",
        context,
        status=400 if formset.is_bound and formset.errors else 200,
    )


@signed_in
@require_POST
def publish(request: SignedInRequest, slug: str) -> HttpResponse:
    workshop = _managed(request, slug)
    try:
        services.publish_workshop(actor=request.user, workshop=workshop)
    except services.WorkshopError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Published: people can now register.")
    return redirect(workshop)


@signed_in
def cancel(request: SignedInRequest, slug: str) -> HttpResponse:
    workshop = _managed(request, slug)
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_workshop(
                actor=request.user, workshop=workshop, reason=form.cleaned_data["reason"]
            )
        except services.WorkshopError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, "Cancelled. Everyone registered has been told.")
            return redirect(workshop)
    return render(
        request,
        "workshops/cancel.html",
        {"workshop": workshop, "form": form},
        status=400 if form.errors else 200,
    )


@signed_in
def invite(request: SignedInRequest, slug: str) -> HttpResponse:
    workshop = _managed(request, slug)
    form = InviteForm(posted(request), viewer=request.user)
    if request.method == "POST" and form.is_valid():
        created = list(
            services.invite(
                actor=request.user, workshop=workshop, people=form.cleaned_data["people"]
            )
        )
        if form.cleaned_data["role"]:
            created += services.invite_role_holders(
                actor=request.user, workshop=workshop, role=form.cleaned_data["role"]
            )
        messages.success(request, f"{plural(len(created), 'invitation')} sent.")
        return redirect("workshops:invite", slug=slug)
    invited = queries.invited(workshop)
    context = {"workshop": workshop, "form": form, "invited": invited}
    return render(request, "workshops/invite.html", context, status=400 if form.errors else 200)


# The door list a page at a time, alphabetical; the waiting list's first in line.
ATTENDEES_PER_PAGE = 50
WAITING_SHOWN = 20


@signed_in
def attendance(request: SignedInRequest, slug: str) -> HttpResponse:
    """The list a facilitator ticks at the door: one button per person, works on a phone."""
    workshop = permissions.get_workshop_for_user(request.user, slug)
    if not permissions.can_take_attendance(request.user, workshop):
        raise PermissionDenied
    if request.method == "POST":
        chosen = record_id(request.POST.get("registration", ""))
        if chosen is None:
            raise Http404  # a tampered form: no such person on this list
        registration = get_object_or_404(Registration, pk=chosen, workshop=workshop)
        try:
            services.mark_attendance(
                actor=request.user,
                registration=registration,
                attended=request.POST.get("attended") == "yes",
            )
        except services.WorkshopError as error:
            messages.error(request, error.message)
        # Back to the same page of the list (the form is sent to this address, page and all).
        return redirect(f"{request.get_full_path()}#registration-{registration.pk}")
    page_obj = Paginator(queries.attendees(workshop), ATTENDEES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    waiting = (
        queries.waiting_list(workshop) if permissions.can_manage(request.user, workshop) else None
    )
    context = {
        "workshop": workshop,
        "attendees": page_obj.object_list,
        "page_obj": page_obj,
        "present": queries.attendees(workshop).filter(attended=True).count(),
        "show_needs": permissions.can_see_attendee_needs(request.user, workshop),
        "waiting": None if waiting is None else list(waiting[:WAITING_SHOWN]),
        "waiting_more": 0 if waiting is None else max(waiting.count() - WAITING_SHOWN, 0),
    }
    return render(request, "workshops/attendance.html", context)


@signed_in
def outcome(request: SignedInRequest, slug: str) -> HttpResponse:
    workshop = _managed(request, slug)
    existing = queries.outcome_of(workshop)
    initial = (
        {
            "public_summary": existing.public_summary,
            "notes": existing.notes,
            "decisions": existing.decisions,
        }
        if existing
        else None
    )
    form = OutcomeForm(posted(request), initial=initial)
    actions = OutcomeActionFormSet(
        posted(request), prefix="actions", form_kwargs={"viewer": request.user}
    )
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        chosen = [a.cleaned_data for a in actions if a.cleaned_data.get("title")]
        try:
            services.record_outcome(
                actor=request.user, workshop=workshop, actions=chosen, **form.cleaned_data
            )
        except services.WorkshopError as error:
            form.add_error(None, error.message)
        else:
            with_actions = f", with {plural(len(chosen), 'action')}" if chosen else ""
            messages.success(request, f"Outcome recorded{with_actions}.")
            return redirect(workshop)
    context = {"workshop": workshop, "form": form, "actions": actions}
    return render(
        request,
        "workshops/outcome.html",
        context,
        status=400 if form.errors or actions.total_error_count() else 200,
    )


@signed_in
@require_POST
def request_feedback(request: SignedInRequest, slug: str) -> HttpResponse:
    workshop = permissions.get_workshop_for_user(request.user, slug)
    count = services.request_feedback(actor=request.user, workshop=workshop)
    messages.success(request, f"Feedback asked of {plural(count, 'attendee')}.")
    return redirect(workshop)


@signed_in
@require_POST
def mark_held(request: SignedInRequest, slug: str) -> HttpResponse:
    workshop = permissions.get_workshop_for_user(request.user, slug)
    try:
        services.mark_held(actor=request.user, workshop=workshop)
    except services.WorkshopError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Marked as held. Record its outcome next.")
    return redirect(workshop)
