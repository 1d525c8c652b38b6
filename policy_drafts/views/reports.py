"""The consultation report: a streamed CSV and a PDF."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from programme.decorators import signed_in
from programme.http import SignedInRequest
from programme.platform.csv_export import safe_cell

from .. import permissions, queries, report_pdf
from ..models import PolicyDraft


class _Echo:
    def write(self, value: str) -> str:
        return value


def _stream(draft: PolicyDraft) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(queries.REPORT_HEADER)
    for row in queries.report_rows(draft):
        yield writer.writerow([safe_cell(value) for value in row])


@signed_in
def report_csv(request: SignedInRequest, slug: str) -> StreamingHttpResponse:
    """Every comment, streamed row by row so 50,000 comments never sit in memory at once."""
    draft = permissions.get_draft_for_user(request.user, slug)
    if not permissions.can_see_report(request.user, draft):
        raise PermissionDenied
    response = StreamingHttpResponse(_stream(draft), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consultation-{draft.slug}.csv"'
    return response


@signed_in
def report_page(request: SignedInRequest, slug: str) -> HttpResponse:
    """The consultation report as a web page: the accessible version of the PDF, with every
    section's counts but only its latest comments (report_pdf.PAGE_SHOWN), each section
    linking to all of its own; the PDF and the CSV hold every comment."""
    draft = permissions.get_draft_for_user(request.user, slug)
    if not permissions.can_see_report(request.user, draft):
        raise PermissionDenied
    opening, parts = report_pdf.page(draft)
    context = {
        "draft": draft,
        "opening": opening,
        "parts": parts,
        "shown": report_pdf.PAGE_SHOWN,
        "per_page": queries.COMMENTS_PER_PAGE,
        "title": f"Consultation report: {draft.title}",
    }
    return render(request, "policy_drafts/report.html", context)


@signed_in
def report_pdf_view(request: SignedInRequest, slug: str) -> HttpResponse:
    draft = permissions.get_draft_for_user(request.user, slug)
    if not permissions.can_see_report(request.user, draft):
        raise PermissionDenied
    response = HttpResponse(report_pdf.build(draft), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="consultation-{draft.slug}.pdf"'
    return response
