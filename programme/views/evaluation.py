from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from programme.platform.clients import client_address
from programme.platform.csv_export import csv_response
from programme.platform.text import plural

from .. import charts, evaluation_csv, permissions, queries, reach_report
from ..decorators import allowed_if
from ..forms.base import posted
from ..forms.evaluation import MakeLinksForm, OpenRoundForm, SurveyAnswerForm
from ..http import SignedInRequest
from ..models import PilotSite, SurveyLink, SurveyRound
from ..services import ProgrammeError
from ..services import evaluation as evaluation_services


@allowed_if(permissions.can_see_survey_results)
def results(request: SignedInRequest) -> HttpResponse:
    overall, per_site = queries.survey_comparisons(list(queries.pilot_sites()))
    if request.GET.get("format") == "csv":
        return csv_response(
            "evaluation.csv", evaluation_csv.HEADER, evaluation_csv.rows([overall, *per_site])
        )
    rounds = queries.survey_rounds()
    context = {
        "overall": overall,
        "overall_chart": charts.comparison_chart(overall),
        "per_site": per_site,
        "rounds": rounds,
        "can_manage": permissions.can_manage_surveys(request.user),
        "open_form": OpenRoundForm(),
        "links_form": MakeLinksForm(),
        # What shared links brought, beside what residents said (the reach page has the rest).
        "reach": reach_report.reach_report(None)
        if permissions.sees_reach_of_every_site(request.user)
        else None,
    }
    return render(request, "programme/evaluation.html", context)


def chart_svg(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if not request.user.is_authenticated or not permissions.can_see_survey_results(request.user):
        raise Http404
    site = get_object_or_404(PilotSite, slug=slug) if slug else None
    svg = charts.comparison_chart(queries.survey_comparison(site), standalone=True)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="evaluation-{slug or "all-sites"}.svg"'
    return response


@allowed_if(permissions.can_manage_surveys)
@require_POST
def open_round(request: SignedInRequest) -> HttpResponse:
    form = OpenRoundForm(request.POST)
    if form.is_valid():
        try:
            evaluation_services.open_round(actor=request.user, **form.cleaned_data)
        except ProgrammeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Round opened. Share its link with residents.")
    else:
        messages.error(request, "Choose a site and a round.")
    return redirect("programme:evaluation")


@allowed_if(permissions.can_manage_surveys)
@require_POST
def set_round_open(request: SignedInRequest, pk: int) -> HttpResponse:
    """Open or close a round as the form says: sent twice (a double press, Back and send
    again), it is still what was asked for, never undone."""
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    wanted = request.POST.get("open")
    if wanted not in ("1", "0"):
        messages.error(request, "Choose whether to open or close the round.")
        return redirect("programme:evaluation")
    evaluation_services.set_round_open(
        actor=request.user, survey_round=survey_round, is_open=wanted == "1"
    )
    messages.success(request, f"{survey_round} is now {'open' if wanted == '1' else 'closed'}.")
    return redirect("programme:evaluation")


@allowed_if(permissions.can_manage_surveys)
def round_links(request: SignedInRequest, pk: int) -> HttpResponse:
    """Make single-use links, and download all of a round's unused links as CSV."""
    survey_round = queries.survey_round(pk=pk)
    form = MakeLinksForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_services.make_links(
                actor=request.user, survey_round=survey_round, count=form.cleaned_data["count"]
            )
        except ProgrammeError as error:
            form.add_error("count", error.message)
        else:
            messages.success(request, f"{plural(form.cleaned_data['count'], 'link')} made.")
            return redirect("programme:survey_links", pk=pk)
    unused = queries.unused_links(survey_round)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"links-{survey_round.site.slug}-{survey_round.kind}.csv",
            ["link"],
            ([request.build_absolute_uri(link.get_absolute_url())] for link in unused),
        )
    context = {
        "round": survey_round,
        "form": form,
        "unused_count": unused.count(),
        "public_url": request.build_absolute_uri(survey_round.get_absolute_url()),
    }
    return render(request, "programme/survey_links.html", context)


def _answer(
    request: HttpRequest, survey_round: SurveyRound, link: SurveyLink | None
) -> HttpResponse:
    # Bound on any POST: ticking nothing is a real answer.
    form = SurveyAnswerForm(request.POST if request.method == "POST" else None)
    context = {"round": survey_round, "form": form, "link": link}
    if link is None and not request.user.is_authenticated:
        context["needs_sign_in"] = True
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_services.answer_survey(
                survey_round=survey_round,
                actions=form.cleaned_data["actions"],
                respondent=request.user if request.user.is_authenticated else None,
                link=link,
                client=client_address(request),
            )
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "programme/survey_thanks.html", {"round": survey_round})
    return render(
        request, "programme/survey_answer.html", context, status=400 if form.errors else 200
    )


def answer_round(request: HttpRequest, token: str) -> HttpResponse:
    """The round's public page: signed-in people answer once here."""
    return _answer(request, queries.survey_round(token=token), None)


def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """A single-use link: anyone holding it answers once, without an account."""
    link = queries.survey_link(token)
    return _answer(request, link.round, link)
