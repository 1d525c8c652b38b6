"""Reading and commenting: the list, a version with its comments, what changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from programme import permissions as programme_permissions
from programme.capacities import capacities_for
from programme.decorators import signed_in

from .. import diff, permissions, queries, services
from ..anchoring import sentences
from ..forms import CommentForm, DecisionForm, ReplyForm, RespondForm
from ..models import Comment


def draft_list(request: HttpRequest) -> HttpResponse:
    context = {
        "drafts": queries.drafts_for(request.user),
        "can_create": permissions.can_create_drafts(request.user),
    }
    return render(request, "policy_drafts/draft_list.html", context)


def version_detail(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    """A version with its comments; the current version takes comments while the draft is open."""
    draft = permissions.get_draft_for_user(request.user, slug)
    if number is None and permissions.can_edit(request.user, draft) and not draft.versions.exists():
        return redirect(
            "policy_drafts:edit", slug=slug
        )  # nothing published yet: go to the working copy
    version = queries.version_by_number(draft, number)
    latest = draft.versions.order_by("-number").values_list("number", flat=True).first()
    is_current = version.number == latest
    can_comment = bool(request.user.is_authenticated and is_current and draft.is_open_for_comment())
    capacities = capacities_for(request.user)
    forms_by_key: dict[str, CommentForm] = {}
    status = 200
    if request.method == "POST":
        if not can_comment:
            messages.error(request, "This draft is not taking comments.")
            return redirect(version)
        key = request.POST.get("section", "")
        section = get_object_or_404(version.sections, key=key)
        form = CommentForm(
            request.POST, capacities=capacities, sentences=sentences(section.body), prefix=key
        )
        if form.is_valid():
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
                field = {
                    "quote_not_found": "quote",
                    "suggestion_needs_quote": "quote",
                    "not_your_capacity": "capacity",
                    "body_required": "body",
                    "bad_stance": "stance",
                }.get(error.code)
                form.add_error(field, error.message)
            else:
                messages.success(request, "Your comment is posted.")
                return redirect(comment.get_absolute_url())
        forms_by_key[key] = form
        status = 400
    sections = queries.sections_with_comments(version)
    moderatable = programme_permissions.can_see_moderation_queue(request.user)
    for section in sections:
        section.comment_form = forms_by_key.get(section.key) or (
            CommentForm(
                capacities=capacities, sentences=sentences(section.body), prefix=section.key
            )
            if can_comment
            else None
        )
        for comment in section.thread:
            _annotate(request, comment, moderatable)
            for answer in comment.replies.all():
                _annotate(request, answer, moderatable)
    editor = permissions.can_edit(request.user, draft)
    context = {
        "draft": draft,
        "version": version,
        "sections": sections,
        "is_current": is_current,
        "latest": latest,
        "can_comment": can_comment,
        "can_edit": editor,
        "earlier": queries.earlier_comments(version, sections) if version.number > 1 else None,
        "comment_type": ContentType.objects.get_for_model(Comment).pk,
        "summary": queries.summary(draft) if editor else None,
        "reply_capacities": capacities,
        "agreement": _agreement_state(request, draft),
    }
    return render(request, "policy_drafts/version.html", context, status=status)


def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment's own address: the version's page if it shows it, else the page of its
    section's comments that holds it (a reply goes to its comment)."""
    found = get_object_or_404(
        Comment.objects.select_related("section__version__draft", "parent"), pk=pk
    )
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
    latest = draft.versions.order_by("-number").values_list("number", flat=True).first()
    can_comment = bool(
        request.user.is_authenticated and version.number == latest and draft.is_open_for_comment()
    )
    moderatable = programme_permissions.can_see_moderation_queue(request.user)
    for item in page:
        _annotate(request, item, moderatable)
        for answer in item.replies.all():
            _annotate(request, answer, moderatable)
    context = {
        "draft": draft,
        "version": version,
        "section": section,
        "page_obj": page,
        "can_comment": can_comment,
        "can_edit": permissions.can_edit(request.user, draft),
        "comment_type": ContentType.objects.get_for_model(Comment).pk,
        "reply_capacities": capacities_for(request.user),
    }
    return render(request, "policy_drafts/section_comments.html", context)


def _annotate(request: HttpRequest, comment: Comment, moderatable: bool) -> None:
    comment.viewer_can_moderate = moderatable and programme_permissions.can_moderate(
        request.user, comment
    )
    comment.viewer_can_report = programme_permissions.can_report(request.user, comment)


def _agreement_state(request: HttpRequest, draft) -> str:  # type: ignore[no-untyped-def]
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
    return render(request, "policy_drafts/compare.html", context)


def _comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("section__version__draft"), pk=pk)
    permissions.get_draft_for_user(request.user, comment.section.version.draft.slug)
    return comment


@signed_in
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _comment(request, pk)
    form = ReplyForm(request.POST, capacities=capacities_for(request.user))
    if form.is_valid():
        try:
            answer = services.reply(
                author=request.user,
                parent=parent,
                body=form.cleaned_data["body"],
                capacity=form.cleaned_data["capacity"],
            )
        except services.DraftError as error:
            form.add_error("capacity" if error.code == "not_your_capacity" else None, error.message)
        else:
            messages.success(request, "Your reply is posted.")
            return redirect(answer.get_absolute_url())
    # The reply comes back on a page of its own, as typed, with what to fix beside each field.
    return render(request, "policy_drafts/reply.html", {"form": form, "parent": parent}, status=400)


@signed_in
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            services.respond(actor=request.user, comment=comment, body=form.cleaned_data["body"])
        except services.DraftError as error:
            if error.code == "not_allowed":
                raise PermissionDenied from error
            messages.error(request, error.message)
        else:
            messages.success(request, "Response posted.")
    else:
        messages.error(request, "Write your response first.")
    return redirect(comment.get_absolute_url())


@signed_in
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
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
