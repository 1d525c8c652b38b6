from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from .. import permissions, queries, readiness
from ..decorators import signed_in
from ..forms.base import posted
from ..forms.readiness import BuildStageForm, SignOffForm, TakeOfflineForm
from ..http import SignedInRequest
from ..models import GoLiveSignOff, PilotSite, SignOffRole
from ..services import ProgrammeError
from ..services import readiness as readiness_services
from ..tables import PilotSiteTable


def site_list(request: HttpRequest) -> HttpResponse:
    sites = queries.sites_for_home()
    linkable = {site.pk for site in sites if permissions.can_see_site_profile(request.user, site)}
    table = PilotSiteTable(sites, linkable_site_ids=linkable)
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "programme/site_list.html", {"table": table})


@signed_in
def site_detail(request: SignedInRequest, slug: str) -> HttpResponse:
    site = permissions.get_site_for_user(request.user, slug)
    return render(request, "programme/site_detail.html", _site_context(request, site))


def _site_context(request: HttpRequest, site: PilotSite, **forms: object) -> dict[str, object]:
    user = request.user
    sign_offs = list(queries.current_sign_offs(site))
    signed_roles = {s.role for s in sign_offs}
    checklist = readiness.evaluate_checklist(site)
    values = readiness.indicator_values([site])[site.pk]
    return {
        "site": site,
        "initiatives": site.initiatives.all(),
        "people": queries.site_people(site, user),
        "strand_contacts": queries.strand_contacts(site),
        "stage_history": queries.stage_history(site),
        "audit_row": queries.audit_matrix([site])[0],
        "open_actions": queries.open_actions_at(site),
        "indicators": [
            (indicator, values.get(indicator.key)) for indicator in readiness.indicators()
        ],
        "checklist": checklist,
        "checklist_met": all(item.met for item in checklist),
        "sign_offs": sign_offs,
        "can_change_stage": permissions.can_change_build_stage(user, site),
        "can_sign_as": [
            role
            for role in SignOffRole
            if permissions.can_sign_off(user, site, role) and role not in signed_roles
        ],
        "can_edit_audit": permissions.can_edit_audit(user, site),
        "stage_form": forms.get("stage_form") or BuildStageForm(current=site.build_stage),
        "sign_off_form": forms.get("sign_off_form") or SignOffForm(),
    }


@signed_in
def change_stage(request: SignedInRequest, slug: str) -> HttpResponse:
    site = permissions.get_site_for_user(request.user, slug)
    if not permissions.can_change_build_stage(request.user, site):
        raise PermissionDenied
    form = BuildStageForm(posted(request), current=site.build_stage)
    if request.method == "POST" and form.is_valid():
        try:
            readiness_services.set_build_stage(
                actor=request.user,
                site=site,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            )
        except ProgrammeError as error:
            form.add_error("stage", error.message)
        else:
            messages.success(request, "The build stage has been updated.")
            return redirect("programme:site", slug=site.slug)
    if request.method == "GET":
        return redirect("programme:site", slug=site.slug)
    return render(
        request,
        "programme/site_detail.html",
        _site_context(request, site, stage_form=form),
        status=400,
    )


@signed_in
def take_offline(request: SignedInRequest, slug: str) -> HttpResponse:
    """Taking a live site offline: say why, then confirm on a page that says what happens."""
    site = permissions.get_site_for_user(request.user, slug)
    if not permissions.can_change_build_stage(request.user, site):
        raise PermissionDenied
    if not site.is_live:
        return redirect("programme:site", slug=site.slug)
    form = TakeOfflineForm(posted(request))
    confirming = False
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "yes":
            confirming = True  # the same answers again, with what will happen
        else:
            try:
                readiness_services.take_offline(
                    actor=request.user,
                    site=site,
                    stage=form.cleaned_data["stage"],
                    reason=form.cleaned_data["reason"],
                )
            except ProgrammeError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, f"{site} is offline: the public see its coming-soon page."
                )
                return redirect("programme:site", slug=site.slug)
    context = {
        "site": site,
        "form": form,
        "confirming": confirming,
        "sign_offs": queries.current_sign_offs(site),
    }
    status = 400 if form.errors else 200
    return render(request, "programme/take_offline.html", context, status=status)


@signed_in
@require_POST
def sign_off(request: SignedInRequest, slug: str, role: str) -> HttpResponse:
    site = permissions.get_site_for_user(request.user, slug)
    if role not in SignOffRole.values or not permissions.can_sign_off(
        request.user, site, SignOffRole(role)
    ):
        raise PermissionDenied
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            readiness_services.sign_off_go_live(
                actor=request.user, site=site, role=role, note=form.cleaned_data["note"]
            )
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            site.refresh_from_db()
            messages.success(
                request, f"{site} is now live." if site.is_live else "Your sign-off is recorded."
            )
            return redirect("programme:site", slug=site.slug)
    return render(
        request,
        "programme/site_detail.html",
        _site_context(request, site, sign_off_form=form),
        status=400,
    )


@signed_in
@require_POST
def withdraw_sign_off(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    site = permissions.get_site_for_user(request.user, slug)
    sign_off_record = get_object_or_404(GoLiveSignOff, pk=pk, site=site)
    try:
        readiness_services.withdraw_sign_off(actor=request.user, sign_off=sign_off_record)
    except ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The sign-off has been withdrawn.")
    return redirect("programme:site", slug=site.slug)
