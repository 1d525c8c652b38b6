"""The recruitment pipeline for coordinators and site leads, and onboarding for ambassadors."""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from programme import queries as programme_queries
from programme import reach_report
from programme.decorators import allowed_if, signed_in
from programme.forms import choice_field, posted, show_refusal
from programme.http import SignedInRequest
from programme.platform.csv_export import table_csv

from .. import permissions, queries, services
from ..filters import ApplicationFilter
from ..forms import DutyForm, MoveForm, ReferencesForm, SafeguardingForm
from ..models import Application, Stage
from ..tables import ApplicationTable


@allowed_if(permissions.can_see_pipeline)
def board(request: SignedInRequest) -> HttpResponse:
    columns = queries.board(permissions.applications_for(request.user))
    return render(request, "ambassadors/board.html", {"columns": columns})


@allowed_if(permissions.can_see_pipeline)
def table(request: SignedInRequest) -> HttpResponse:
    applications = queries.for_listing(permissions.applications_for(request.user).not_anonymised())
    application_filter = ApplicationFilter(request.GET or None, queryset=applications)
    if application_filter.is_bound and application_filter.is_valid():
        applications = application_filter.qs
    listing = ApplicationTable(applications)
    if request.GET.get("format") == "csv":
        return table_csv("ambassador-applications.csv", listing)
    RequestConfig(request, paginate={"per_page": 25}).configure(listing)
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "ambassadors/table.html",
        {"table": listing, "filter": application_filter, "csv_query": query.urlencode()},
    )


def _detail_context(application: Application, **bound: Form) -> dict[str, object]:
    application = queries.application_detail(application)
    steps = list(application.onboarding.all())
    moves = [
        (s.value, s.label) for s in Stage if s.value in services.NEXT.get(application.stage, set())
    ]
    move_form = bound.get("move_form") or MoveForm()
    choice_field(move_form, "to").choices = moves
    return {
        "application": application,
        "steps": steps,
        "progress": queries.progress(steps),
        "move_form": move_form if moves else None,
        "references_form": bound.get("references_form") or ReferencesForm(),
        "safeguarding_form": bound.get("safeguarding_form") or SafeguardingForm(),
        "needs_safeguarding": any(t.needs_safeguarding for t in application.tasks.all()),
        "can_ask_references": application.stage
        in (Stage.SCREENING, Stage.CONVERSATION, Stage.REFERENCES),
    }


@signed_in
def application_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    application = permissions.get_application_for_user(request.user, pk)
    return render(request, "ambassadors/application.html", _detail_context(application))


@signed_in
@require_POST
def move(request: SignedInRequest, pk: int) -> HttpResponse:
    application = permissions.get_application_for_user(request.user, pk)
    form = MoveForm(request.POST)
    choice_field(form, "to").choices = Stage.choices
    if form.is_valid():
        try:
            services.advance(
                actor=request.user,
                application=application,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
        except services.AmbassadorError as error:
            show_refusal(form, error, otherwise="to")
        else:
            messages.success(request, "Moved.")
            return redirect(application)
    return render(
        request,
        "ambassadors/application.html",
        _detail_context(application, move_form=form),
        status=400,
    )


@signed_in
@require_POST
def references(request: SignedInRequest, pk: int) -> HttpResponse:
    application = permissions.get_application_for_user(request.user, pk)
    form = ReferencesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.request_references(
            actor=request.user,
            application=application,
            referees=[
                (data["first_name"], data["first_email"]),
                (data["second_name"], data["second_email"]),
            ],
        )
        messages.success(request, "Both referees have been emailed a link to the reference form.")
        return redirect(application)
    return render(
        request,
        "ambassadors/application.html",
        _detail_context(application, references_form=form),
        status=400,
    )


@signed_in
@require_POST
def safeguarding(request: SignedInRequest, pk: int) -> HttpResponse:
    application = permissions.get_application_for_user(request.user, pk)
    form = SafeguardingForm(request.POST)
    if form.is_valid():
        services.record_safeguarding(
            actor=request.user, application=application, **form.cleaned_data
        )
        messages.success(request, "The safeguarding check is recorded.")
        return redirect(application)
    return render(
        request,
        "ambassadors/application.html",
        _detail_context(application, safeguarding_form=form),
        status=400,
    )


@signed_in
@require_POST
def tick(request: SignedInRequest, pk: int) -> HttpResponse:
    step = queries.onboarding_step(pk)
    try:
        services.tick_step(actor=request.user, step=step, done=request.POST.get("done") != "no")
    except services.AmbassadorError as error:
        messages.error(request, error.message)
    back = "ambassadors:onboarding" if step.application.person_id == request.user.pk else None
    return redirect(back) if back else redirect(step.application)


@signed_in
def onboarding(request: SignedInRequest) -> HttpResponse:
    """An ambassador's own page: tasks, onboarding with a progress bar, moderation record and activity log."""
    applications = queries.own_applications(request.user)
    form = DutyForm(posted(request))
    active = next((a for a in applications if a.stage == Stage.ACTIVE), None)
    if request.method == "POST" and active is not None and form.is_valid():
        try:
            services.log_duty(actor=request.user, application=active, **form.cleaned_data)
        except services.AmbassadorError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Logged. Thank you!")
            return redirect("ambassadors:onboarding")
    may_share = permissions.can_share(request.user)
    items = []
    for application in applications:
        steps = list(application.onboarding.all())
        items.append((application, steps, queries.progress(steps)))
    context = {
        "items": items,
        "active": active,
        "form": form,
        "moderated": queries.moderation_record(request.user),
        "may_apply": not applications and permissions.may_apply(request.user),
        "may_share": may_share,
        # What their own shared links brought: their figures, and no one else's.
        "reach": reach_report.own_figures(request.user) if may_share else None,
    }
    return render(
        request, "ambassadors/onboarding.html", context, status=400 if form.errors else 200
    )


@allowed_if(permissions.can_see_pipeline)
def funnel(request: SignedInRequest) -> HttpResponse:
    context = {
        "rows": queries.funnel(list(programme_queries.pilot_sites())),
        "stages": queries.PIPELINE,
        "equality": queries.equality_totals(),
    }
    return render(request, "ambassadors/funnel.html", context)
