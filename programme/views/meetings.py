from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from programme.platform.csv_export import table_csv

from .. import permissions, queries
from ..decorators import allowed_if, signed_in
from ..filters import ActionFilter
from ..forms.base import model_field, posted
from ..forms.meetings import ActionForm, ActionStatusForm, MeetingForm
from ..http import SignedInRequest, local_address
from ..models import ActionItem, PilotSite
from ..services import ProgrammeError
from ..services import meetings as meeting_services
from ..tables import ActionTable


@allowed_if(permissions.can_see_meetings)
def meeting_list(request: SignedInRequest) -> HttpResponse:
    all_meetings = queries.meetings()
    context = {
        "upcoming": all_meetings.upcoming(),
        "past": all_meetings.past(),
        "can_manage": permissions.can_manage_meetings(request.user),
    }
    return render(request, "programme/meeting_list.html", context)


@allowed_if(permissions.can_see_meetings)
def meeting_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_detail(pk)
    can_manage = permissions.can_manage_meetings(request.user)
    form = ActionForm(posted(request), prefix="action", viewer=request.user) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                meeting_services.raise_action(
                    actor=request.user, meeting=meeting, **form.cleaned_data
                )
            except ProgrammeError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Action added.")
                return redirect(meeting)
    context = {"meeting": meeting, "action_form": form, "can_manage": can_manage}
    return render(
        request,
        "programme/meeting_detail.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


@allowed_if(permissions.can_manage_meetings)
def meeting_create(request: SignedInRequest) -> HttpResponse:
    form = MeetingForm(posted(request), viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            meeting = meeting_services.record_meeting(actor=request.user, **data)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Meeting recorded. Add its actions below.")
            return redirect(meeting)
    return render(
        request, "programme/meeting_form.html", {"form": form, "title": "Record a meeting"}
    )


@allowed_if(permissions.can_manage_meetings)
def meeting_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_detail(pk)
    form = MeetingForm(posted(request), instance=meeting, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attendees, sites = data.pop("attendees"), data.pop("sites")
        try:
            meeting_services.edit_meeting(
                actor=request.user, meeting=meeting, attendees=attendees, sites=sites, **data
            )
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Meeting saved.")
            return redirect(meeting)
    return render(
        request,
        "programme/meeting_form.html",
        {"form": form, "title": f"Edit “{meeting}”", "meeting": meeting},
    )


def _raisable_sites(user: permissions.AnyUser) -> QuerySet[PilotSite]:
    return queries.sites_where_actions_are_raised(user)


@allowed_if(lambda user: permissions.is_coordinator(user) or bool(permissions.sites_led_by(user)))
def action_create(request: SignedInRequest) -> HttpResponse:
    sites = _raisable_sites(request.user)
    form = ActionForm(posted(request), sites=sites, viewer=request.user)
    if not permissions.is_coordinator(request.user):
        form.fields["site"].required = True
        model_field(form, "site").empty_label = None
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.raise_action(actor=request.user, **form.cleaned_data)
        except ProgrammeError as error:
            form.add_error("site", error.message)
        else:
            messages.success(request, "Action raised.")
            return redirect(
                "programme:actions"
                if permissions.can_see_all_actions(request.user)
                else "programme:my_actions"
            )
    return render(request, "programme/action_form.html", {"form": form})


@signed_in
@require_POST
def action_status(request: SignedInRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(ActionItem, pk=pk)
    if not permissions.can_see_action(request.user, action):
        raise Http404  # as if absent: a 403 would say that action exists
    if not permissions.can_update_action(request.user, action):
        raise PermissionDenied
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            meeting_services.set_action_status(
                actor=request.user, action=action, status=form.cleaned_data["status"]
            )
        except ProgrammeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"“{action}” marked {form.cleaned_data['status']}.")
    else:
        messages.error(request, "Choose open, done or dropped.")
    return redirect(
        local_address(request, request.POST.get("next")) or reverse("programme:my_actions")
    )


@allowed_if(permissions.has_own_actions)
def my_actions(request: SignedInRequest) -> HttpResponse:
    actions = list(queries.my_actions(request.user))
    return render(
        request,
        "programme/my_actions.html",
        {"actions": actions, "overdue": [a for a in actions if a.is_overdue]},
    )


@allowed_if(permissions.can_see_all_actions)
def action_table(request: SignedInRequest) -> HttpResponse:
    action_filter = ActionFilter(request.GET or None, queryset=queries.actions_for_table())
    actions = (
        action_filter.qs
        if action_filter.is_bound and action_filter.is_valid()
        else queries.actions_for_table()
    )
    table = ActionTable(actions)
    if request.GET.get("format") == "csv":
        return table_csv("actions.csv", table)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {
        "filter": action_filter,
        "table": table,
        "csv_query": _with_csv(request),
        "can_raise": permissions.can_raise_action(request.user),
    }
    return render(request, "programme/action_table.html", context)


def _with_csv(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()
