"""Writing a draft: starting it, the working copy, publishing, its lifecycle, and agreeing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from programme.decorators import allowed_if, signed_in
from programme.forms import posted
from programme.http import SignedInRequest

from .. import permissions, services
from ..forms import DraftForm, PublishForm, RevisionForm, StatusForm, WorkingCopyFormSet
from ..models import PolicyDraft


@allowed_if(permissions.can_create_drafts)
def draft_create(request: SignedInRequest) -> HttpResponse:
    form = DraftForm(posted(request), viewer=request.user)
    if request.method == "POST" and form.is_valid():
        draft = services.create_draft(
            actor=request.user,
            **form.cleaned_data,
            sections=[("Introduction", "What this policy is for, and who it is for.")],
        )
        messages.success(request, "Draft started. Write its sections, then publish version 1.")
        return redirect("policy_drafts:edit", slug=draft.slug)
    return render(
        request, "policy_drafts/draft_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _working_initial(draft: PolicyDraft) -> list[dict[str, str]]:
    return [
        {"key": s.key, "heading": s.heading, "body": s.body} for s in draft.working_sections.all()
    ]


@signed_in
def working_copy(request: SignedInRequest, slug: str) -> HttpResponse:
    """Edit the working copy. Saving from a stale revision is refused and the typed text kept."""
    draft = permissions.get_draft_for_user(request.user, slug, write=True)
    if request.method == "POST":
        formset = WorkingCopyFormSet(request.POST, prefix="sections")
        revision = RevisionForm(request.POST)
        status = 400
        if formset.is_valid() and revision.is_valid():
            sections = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.save_working_copy(
                    actor=request.user,
                    draft=draft,
                    revision=revision.cleaned_data["revision"],
                    sections=sections,
                )
            except services.DraftError as error:
                messages.error(request, error.message)
                status = 409 if error.code == "stale" else 400
            else:
                messages.success(request, "Working copy saved.")
                return redirect("policy_drafts:edit", slug=slug)
        # Re-show exactly what the person typed, so nothing they wrote is lost.
        context = {
            "draft": draft,
            "formset": formset,
            "revision": revision.data.get("revision", draft.working_revision),
            "publish_form": PublishForm(),
        }
        return render(request, "policy_drafts/working_copy.html", context, status=status)
    context = {
        "draft": draft,
        "formset": WorkingCopyFormSet(initial=_working_initial(draft), prefix="sections"),
        "revision": draft.working_revision,
        "publish_form": PublishForm(),
        "status_form": StatusForm(
            initial={
                "status": draft.status,
                "opens_at": draft.opens_at,
                "closes_at": draft.closes_at,
            }
        ),
    }
    return render(request, "policy_drafts/working_copy.html", context)


@signed_in
@require_POST
def publish(request: SignedInRequest, slug: str) -> HttpResponse:
    draft = permissions.get_draft_for_user(request.user, slug, write=True)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.publish_version(
                actor=request.user, draft=draft, change_note=form.cleaned_data["change_note"]
            )
        except services.DraftError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Version {version.number} published.")
            return redirect(version)
    return redirect("policy_drafts:edit", slug=slug)


@signed_in
@require_POST
def change_status(request: SignedInRequest, slug: str) -> HttpResponse:
    draft = permissions.get_draft_for_user(request.user, slug, write=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(actor=request.user, draft=draft, **form.cleaned_data)
        except services.DraftError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Status saved.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("policy_drafts:edit", slug=slug)


@signed_in
@require_POST
def adopt(request: SignedInRequest, slug: str) -> HttpResponse:
    draft = permissions.get_draft_for_user(request.user, slug, write=True)
    try:
        services.adopt(actor=request.user, draft=draft)
    except services.DraftError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Adopted. People can now agree to this version.")
    return redirect(draft)


@signed_in
@require_POST
def agree(request: SignedInRequest, slug: str) -> HttpResponse:
    draft = permissions.get_draft_for_user(request.user, slug)
    try:
        services.agree(person=request.user, draft=draft)
    except services.DraftError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Thank you: your agreement is recorded.")
    return redirect(draft)
