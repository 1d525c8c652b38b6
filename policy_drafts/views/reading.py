"""Reading: the list, a version with its comments, what changed; replies, responses and\ndecisions on suggestions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from programme import permissions as programme_permissions
from programme import queries as programme_queries
from programme.capacities import capacities_for
from programme.decorators import signed_in
from programme.forms import posted, show_refusal
from programme.frame import render_in_frame
from programme.http import SignedInRequest

from .. import diff, permissions, queries, services
from ..forms import DecisionForm, ReplyForm, RespondForm
from ..models import Comment, PolicyDraft


def draft_list(request: HttpRequest) -> HttpResponse:
    context = {
        "drafts": queries.drafts_for(request.user),
        "can_create": permissions.can_create_drafts(request.user),
    }
    return render(request, "policy_drafts/draft_list.html", context)


@require_safe
def version_detail(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    """A version with the latest comments on each section; comments are posted from each
    section's own form (`commenting.comment_on_section`)."""
    draft = permissions.get_draft_for_user(request.user, slug)
    latest = queries.latest_number(draft)
    if number is None and latest is None and permissions.can_edit(request.user, draft):
        return redirect("policy_drafts:edit", slug=slug)  # nothing published yet: the working copy
    version = queries.version_by_number(draft, number)
    is_current = version.number == latest
    sections = queries.sections_with_comments(version)
    moderatable = programme_permissions.can_see_moderation_queue(request.user)
    for section in sections:
        for comment in section.thread:
            _annotate(request, comment, moderatable)
            for answer in comment.answers:
                _annotate(request, answer, moderatable)
    editor = permissions.can_edit(request.user, draft)
    context = {
        "draft": draft,
        "version": version,
        "sections": sections,
        "is_current": is_current,
        "latest": latest,
        "can_comment": permissions.can_comment(request.user, draft, is_current=is_current),
        "can_edit": editor,
        "can_print_posters": permissions.can_print_posters(request.user, draft),
        "earlier": queries.earlier_comments(version, sections) if version.number > 1 else None,
        "comment_type": programme_queries.content_type_id(Comment),
        "summary": queries.summary(draft) if editor else None,
        "reply_capacities": capacities_for(request.user),
        "agreement": _agreement_state(request, draft),
    }
    return render_in_frame(request, "policy_drafts/version.html", context, draft.site)


def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment's own address: the version's page if it shows it, else the page of its
    section's comments that holds it (a reply goes to its comment)."""
    found = queries.comment(pk)
    top = found.parent or found
    version = top.section.version
    permissions.get_draft_for_user(request.user, version.draft.slug)  # 404 for the unseen
    on_version, page = queries.where_comment_is(top)
    if on_version:
        return redirect(f"{version.get_absolute_url()}#comment-{found.pk}")
    url = reverse(
        "policy_drafts:section_comments", args=[version.draft.slug, version.number, top.section.key]
    )
    return redirect(f"{url}?page={page}#comment-{found.pk}")


def section_comments(request: HttpRequest, slug: str, number: int, key: str) -> HttpResponse:
    """Every comment on one section of a version, fifty to a page."""
    draft = permissions.get_draft_for_user(request.user, slug)
    version = queries.version_by_number(draft, number)
    section = get_object_or_404(version.sections, key=key)
    page = Paginator(queries.section_comments(section), queries.COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = queries.with_threads(page.object_list)
    latest = queries.latest_number(draft)
    can_comment = permissions.can_comment(request.user, draft, is_current=version.number == latest)
    moderatable = programme_permissions.can_see_moderation_queue(request.user)
    for item in page:
        _annotate(request, item, moderatable)
        for answer in item.answers:
            _annotate(request, answer, moderatable)
    context = {
        "draft": draft,
        "version": version,
        "section": section,
        "page_obj": page,
        "can_comment": can_comment,
        "can_edit": permissions.can_edit(request.user, draft),
        "comment_type": programme_queries.content_type_id(Comment),
        "reply_capacities": capacities_for(request.user),
    }
    return render_in_frame(request, "policy_drafts/section_comments.html", context, draft.site)


def _annotate(request: HttpRequest, comment: Comment, moderatable: bool) -> None:
    comment.viewer_can_moderate = moderatable and programme_permissions.can_moderate(
        request.user, comment
    )
    comment.viewer_can_report = programme_permissions.can_report(request.user, comment)
    if comment.suggestion_pending:  # shown to the draft's owners only (the template asks)
        comment.decision_form = DecisionForm(auto_id=f"decide-{comment.pk}-%s")


def _agreement_state(request: HttpRequest, draft: PolicyDraft) -> str:
    if draft.status != "adopted" or not request.user.is_authenticated:
        return ""
    if services.has_current_agreement(request.user, draft):
        return "agreed"
    return "again" if services.needs_to_agree_again(request.user, draft) else "not_yet"


def compare(request: HttpRequest, slug: str, a: int, b: int) -> HttpResponse:
    draft = permissions.get_draft_for_user(request.user, slug)
    old, new = queries.version_by_number(draft, a), queries.version_by_number(draft, b)
    changes = diff.compare(list(old.sections.all()), list(new.sections.all()))
    context = {
        "draft": draft,
        "old": old,
        "new": new,
        "changes": changes,
        "changed": sum(1 for c in changes if c.kind != "unchanged" or c.moved),
    }
    return render_in_frame(request, "policy_drafts/compare.html", context, draft.site)


def _comment(request: HttpRequest, pk: int) -> Comment:
    comment = queries.comment(pk)
    permissions.get_draft_for_user(request.user, comment.section.version.draft.slug)
    return comment


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def reply(request: SignedInRequest, pk: int) -> HttpResponse:
    """The reply form (on a page of its own, or fetched in place under the comment) and
    posting the reply."""
    parent = _comment(request, pk)
    version = parent.section.version
    latest = queries.latest_number(version.draft)
    if not permissions.can_comment(
        request.user, version.draft, is_current=version.number == latest
    ):
        messages.error(request, "This draft is not taking comments.")
        return redirect(parent.get_absolute_url())
    form = ReplyForm(
        posted(request),
        capacities=capacities_for(request.user),
        auto_id=f"reply-{parent.pk}-%s",  # a page may hold several reply forms
    )
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.reply(
                author=request.user,
                parent=parent,
                body=form.cleaned_data["body"],
                capacity=form.cleaned_data["capacity"],
            )
        except services.DraftError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your reply is posted.")
            return redirect(answer.get_absolute_url())
    context = {"form": form, "parent": parent}
    if request.htmx and request.method != "POST":
        return render(request, "policy_drafts/partials/_reply_form.html", context)
    # A reply sent with something to fix comes back on this page, as typed, the fix beside each field.
    status = 400 if request.method == "POST" else 200
    return render_in_frame(request, "policy_drafts/reply.html", context, version.draft.site, status)


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def respond(request: SignedInRequest, pk: int) -> HttpResponse:
    """An owner's response to a comment ("you said, we did"): the form on a page of its own
    or fetched in place under the comment, and posting it."""
    comment = _comment(request, pk)
    if not permissions.can_respond(request.user, comment):
        raise PermissionDenied
    form = RespondForm(posted(request), auto_id=f"respond-{comment.pk}-%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.respond(actor=request.user, comment=comment, body=form.cleaned_data["body"])
        except services.DraftError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Response posted.")
            return redirect(comment.get_absolute_url())
    context = {"form": form, "comment": comment}
    if request.htmx and request.method != "POST":
        return render(request, "policy_drafts/partials/_respond_form.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "policy_drafts/respond.html", context, status=status)


@signed_in
@require_POST
def decide(request: SignedInRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    form = DecisionForm(request.POST)
    if not permissions.can_edit(request.user, comment.section.version.draft):
        raise PermissionDenied
    if form.is_valid():
        try:
            services.decide_suggestion(
                actor=request.user,
                comment=comment,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        except services.DraftError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Decision recorded; the author has been told.")
    else:
        messages.error(request, "Choose accept or decline.")
    return redirect(comment.get_absolute_url())
