"""Commenting on one section of a version: the form on a page of its own (or, fetched by
the version's page, in place under the section), and posting the comment."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from programme.capacities import capacities_for
from programme.decorators import signed_in
from programme.forms import posted, show_refusal
from programme.frame import render_in_frame
from programme.http import SignedInRequest
from programme.models import Event
from programme.services.reach import record_conversion

from .. import permissions, queries, services
from ..anchoring import sentences
from ..forms import CommentForm
from ..models import Section


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def comment_on_section(request: SignedInRequest, slug: str, number: int, key: str) -> HttpResponse:
    draft = permissions.get_draft_for_user(request.user, slug)
    version = queries.version_by_number(draft, number)
    section: Section = get_object_or_404(version.sections, key=key)
    latest = queries.latest_number(draft)
    if not permissions.can_comment(request.user, draft, is_current=version.number == latest):
        messages.error(request, "This draft is not taking comments.")
        return redirect(version)
    form = CommentForm(
        posted(request),
        capacities=capacities_for(request.user),
        sentences=sentences(section.body),
        prefix=section.key,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.add_comment(
                author=request.user,
                section=section,
                capacity=data["capacity"],
                stance=data["stance"],
                body=data["body"],
                quote=data["quote"],
                suggestion=data["suggestion"],
                near=data["near"],
            )
        except services.DraftError as error:
            show_refusal(form, error)
        else:
            record_conversion(request, site=draft.site, event=Event.COMMENT)
            messages.success(request, "Your comment is posted.")
            return redirect(comment.get_absolute_url())
    context = {"draft": draft, "version": version, "section": section, "form": form}
    if request.htmx and request.method != "POST":
        # The version's page asked for the form to show under the section.
        return render(request, "policy_drafts/partials/_comment_form.html", context)
    status = 400 if request.method == "POST" else 200
    return render_in_frame(
        request, "policy_drafts/comment_on_section.html", context, draft.site, status
    )
