from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from programme.platform.csv_export import csv_response
from programme.platform.text import plural

from .. import permissions, queries
from ..audit_import import CSV_COLUMNS, parse_audit_csv
from ..decorators import allowed_if
from ..filters import AuditFilter
from ..forms.audit import AuditEntryForm, AuditImportConfirmForm, AuditImportForm
from ..forms.base import posted, show_refusal
from ..http import SignedInRequest
from ..models import AuditCategory
from ..services import ProgrammeError
from ..services import audit as audit_services
from ..tables import AuditEntryTable


def _may_edit_some_site(user: permissions.AnyUser) -> bool:
    return permissions.audit_sites_editable_by(user).exists()


@allowed_if(permissions.can_see_audit)
def overview(request: SignedInRequest) -> HttpResponse:
    audit_filter = AuditFilter(request.GET or None, queryset=queries.audit_entries())
    entries = (
        audit_filter.qs
        if audit_filter.is_bound and audit_filter.is_valid()
        else queries.audit_entries()
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            "social-web-audit.csv",
            CSV_COLUMNS,
            (
                [
                    e.site.slug,
                    e.get_category_display(),
                    e.name,
                    e.url,
                    e.feed_url,
                    e.owner,
                    e.reach,
                    e.get_activity_display() if e.activity else "",
                    e.get_relationship_display(),
                    e.contact_person,
                    e.next_step,
                    e.last_reviewed_on,
                ]
                for e in entries
            ),
        )
    editable = queries.audit_site_ids_editable_by(request.user)
    table = AuditEntryTable(entries, editable_site_ids=editable)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        "matrix": queries.audit_matrix(),
        "categories": AuditCategory,
        "filter": audit_filter,
        "table": table,
        "csv_query": query.urlencode(),
        "editable_site_ids": editable,
    }
    return render(request, "programme/audit.html", context)


@allowed_if(_may_edit_some_site)
def entry_add(request: SignedInRequest) -> HttpResponse:
    sites = permissions.audit_sites_editable_by(request.user)
    initial: dict[str, object] = {
        key: request.GET[key] for key in ("site", "category") if key in request.GET
    }
    if "site" in request.GET:
        site = queries.site_by_slug(request.GET["site"], among=sites)
        initial["site"] = site.pk if site else None
    form = AuditEntryForm(posted(request), sites=sites, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        site = data.pop("site")
        try:
            audit_services.add_audit_entry(actor=request.user, site=site, **data)
        except ProgrammeError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"“{data['name']}” added to {site}'s audit.")
            return redirect("programme:audit")
    return render(
        request, "programme/audit_form.html", {"form": form, "title": "Add an audit entry"}
    )


@allowed_if(permissions.can_see_audit)
def entry_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    entry = queries.audit_entry(pk)
    if not permissions.can_edit_audit(request.user, entry.site):
        raise PermissionDenied
    form = AuditEntryForm(
        posted(request),
        instance=entry,
        sites=permissions.audit_sites_editable_by(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        site = data.pop("site")
        try:
            audit_services.edit_audit_entry(actor=request.user, entry=entry, site=site, **data)
        except ProgrammeError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"“{entry.name}” saved.")
            return redirect("programme:audit")
    return render(
        request, "programme/audit_form.html", {"form": form, "title": f"Edit “{entry.name}”"}
    )


@allowed_if(_may_edit_some_site)
def entry_import(request: SignedInRequest) -> HttpResponse:
    """Two steps: upload and preview (nothing saved), then confirm (everything saved, or nothing)."""
    sites = permissions.audit_sites_editable_by(request.user)
    if request.method == "POST" and "csv_text" in request.POST:
        confirm = AuditImportConfirmForm(request.POST, sites=sites)
        if confirm.is_valid():
            site = confirm.cleaned_data["site"]
            try:
                created = audit_services.import_audit_entries(
                    actor=request.user, site=site, csv_text=confirm.cleaned_data["csv_text"]
                )
            except ProgrammeError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    f"{plural(len(created), 'entry', 'entries')} imported into {site}'s audit.",
                )
                return redirect("programme:audit")
        return redirect("programme:audit_import")

    form = AuditImportForm(posted(request), request.FILES or None, sites=sites)
    context: dict[str, object] = {"form": form}
    parsed = None
    if request.method == "POST" and form.is_valid():
        site, text = form.cleaned_data["site"], form.cleaned_data["file"]
        parsed = parse_audit_csv(text, site)
        context.update(
            parsed=parsed,
            site=site,
            confirm=AuditImportConfirmForm(initial={"site": site.pk, "csv_text": text}, sites=sites)
            if parsed.is_valid
            else None,
        )
    status = 400 if form.errors or (parsed is not None and not parsed.is_valid) else 200
    return render(request, "programme/audit_import.html", context, status=status)
