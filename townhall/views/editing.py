"""Building pages: the site's dashboard, a new page, and the block editor (works without JavaScript)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from programme import permissions as programme_permissions
from programme.decorators import signed_in
from programme.forms import show_refusal
from programme.http import SignedInRequest
from programme.platform import confirm

from .. import permissions, queries, services
from ..blocks import PALETTE, STARTER_TEXTS, publishing_problems
from ..editor import PageEditor, side_by_side
from ..forms import EditorForm, NewPageForm
from ..models import TownhallSite
from .public import preview_token


def _dashboard_context(
    request: SignedInRequest, townhall: TownhallSite, **extra: object
) -> dict[str, object]:
    """Editors see every page of their site; contributors see their own news items."""
    editor = permissions.can_edit(request.user, townhall)
    context: dict[str, object] = {
        "townhall": townhall,
        "is_editor": editor,
        "form": NewPageForm(news_only=not editor),
        "may_share": programme_permissions.can_share_for(request.user, townhall.pilot_site),
    }
    if editor:
        context |= {
            "pages": queries.editor_pages(townhall),
            "median_minutes": queries.median_minutes_to_publish(townhall),
            "stale": queries.stale_pages(townhall),
            "waiting_news": queries.contributed_news_waiting(townhall),
        }
    else:
        context["pages"] = queries.editor_pages(townhall).filter(
            kind="news", created_by=request.user
        )
    if permissions.can_manage_editors(request.user, townhall):
        context["editors"] = queries.site_editors(townhall)
        context["editor_form"] = EditorForm()
    context.update(extra)
    return context


@signed_in
def dashboard(request: SignedInRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_writer(request.user, site)
    return render(request, "townhall/dashboard.html", _dashboard_context(request, townhall))


@signed_in
@require_POST
def new_page(request: SignedInRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_writer(request.user, site)
    form = NewPageForm(request.POST, news_only=not permissions.can_edit(request.user, townhall))
    if form.is_valid():
        page = services.create_page(actor=request.user, site=townhall, **form.cleaned_data)
        return redirect("townhall:edit_page", site=site, pk=page.pk)
    return render(
        request,
        "townhall/dashboard.html",
        _dashboard_context(request, townhall, form=form),
        status=400,
    )


@signed_in
@require_POST
def permit_editor(request: SignedInRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site, write=True)
    if not permissions.can_manage_editors(request.user, townhall):
        raise Http404
    form = EditorForm(request.POST)
    if form.is_valid():
        try:
            services.invite_editor(
                actor=request.user, site=townhall, email=form.cleaned_data["email"]
            )
        except services.TownhallError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                f"We have emailed an invitation to {form.cleaned_data['email']}. "
                "They can edit once they accept it.",
            )
            return redirect(f"{reverse('townhall:dashboard', args=[site])}#editors-heading")
    return render(
        request,
        "townhall/dashboard.html",
        _dashboard_context(request, townhall, editor_form=form),
        status=400,
    )


@require_http_methods(["GET", "POST"])
def accept_editor(request: HttpRequest, site: str, token: str) -> HttpResponse:
    """The link in an editor's invitation: sign in (or create an account), then accept."""
    townhall = permissions.site_for(site)
    context = {"townhall": townhall, "token": token}
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.accept_editor_invitation(user=request.user, site=townhall, token=token)
        except services.TownhallError as error:
            context["error"] = error.message
            return render(request, "townhall/accept_editor.html", context, status=400)
        messages.success(request, f"You can now edit {townhall.name}.")
        return redirect("townhall:dashboard", site)
    return render(request, "townhall/accept_editor.html", context)


@signed_in
@require_POST
def withdraw_editor(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site, write=True)
    if not permissions.can_manage_editors(request.user, townhall):
        raise Http404
    editor = queries.current_editor(townhall, pk)
    if not confirm.was_confirmed(request):
        who = editor.user.public_name if editor.user else editor.email
        return confirm.ask(
            request,
            title=f"Stop {who} editing {townhall.name}?",
            consequences=[
                f"{who} can no longer edit the site's pages{' (the invitation stops working)' if editor.is_invitation else ''}.",
                "What they wrote stays. You can invite them again later.",
            ],
            yes="Yes, stop their editing",
            back=f"{reverse('townhall:dashboard', args=[site])}#editors-heading",
        )
    services.withdraw_editor(actor=request.user, editor=editor)
    messages.success(request, "They no longer edit the site. What they wrote stays.")
    return redirect(f"{reverse('townhall:dashboard', args=[site])}#editors-heading")


def _render_editor(
    request: SignedInRequest, editor: PageEditor, *, status: int = 200, **extra: object
) -> HttpResponse:
    page = editor.page
    site = page.site
    revision = page.latest
    data = queries.block_context(site, revision.blocks)
    context = {
        "townhall": site,
        "page": page,
        "revision": revision,
        "editor": editor,
        "entries": editor.entries if editor.checked else editor.forms(),
        "palette": PALETTE.values(),
        "starter_texts": sorted(STARTER_TEXTS),
        "data": data,
        "blocks": revision.blocks,
        "problems": publishing_problems(
            revision.blocks, data["images"], queries.dead_links(revision.blocks)
        ),
        "may_publish": permissions.can_publish(request.user, page),
        "site_links": queries.link_choices(site),
        "preview_url": request.build_absolute_uri(
            reverse("townhall:preview", args=[site.pilot_site.slug, preview_token(page)])
        ),
        **extra,
    }
    if extra.get("status_only"):
        context["field_errors"] = json.dumps(editor.errors_by_field() if editor.checked else {})
    template = (
        "townhall/partials/_editor_status.html"
        if extra.get("status_only")
        else "townhall/editor.html"
    )
    return render(request, template, context, status=status)


@signed_in
@require_http_methods(["GET", "POST"])
def edit_page(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    """The editor; a POST saves the whole page as a new revision (htmx: the draft saving
    itself, answered with the status line only)."""
    page = permissions.get_page_for_editor(request.user, site, pk)
    if request.method == "GET":
        return _render_editor(request, PageEditor(page))
    editor = PageEditor(page, request.POST, request.FILES)
    autosave = bool(request.htmx)
    if not autosave:
        editor.keep_uploads(request.user)
    result = _save(request, editor)
    if autosave:
        return _render_editor(request, editor, status_only=True, **result)
    if result.get("saved"):
        messages.success(request, f"Saved at {timezone.localtime():%H:%M}.")
        return redirect("townhall:edit_page", site=site, pk=pk)
    return _render_editor(request, editor, status=409 if result.get("stale") else 400, **result)


def _save(request: SignedInRequest, editor: PageEditor) -> dict[str, Any]:
    """Save what the editor holds; what happened, for the page or the status line."""
    cleaned = editor.cleaned()
    if cleaned is None:
        return {"saved": False, "invalid": True}
    try:
        revision = services.save_page(
            actor=request.user,
            page=editor.page,
            force=request.POST.get("force") == "1",
            **cleaned,
        )
    except services.TownhallError as error:
        if error.code == "stale":
            editor.page.refresh_from_db()
            newer = editor.page.latest
            return {
                "saved": False,
                "stale": True,
                "newer": newer,
                "differences": side_by_side(editor, newer),
            }
        # Beside the field it names, in whichever of the editor's forms holds it.
        form = editor.schedule if error.field in editor.schedule.fields else editor.details
        show_refusal(form, error)
        return {"saved": False, "invalid": True}
    editor.page.refresh_from_db()
    return {"saved": True, "saved_at": revision.created_at, "base": revision.number}


def _reshaped(request: SignedInRequest, editor: PageEditor, focus: str) -> HttpResponse:
    """The editor after adding, moving or removing a block: nothing saved, everything kept.
    With htmx only the blocks are swapped in; without, the whole page comes back."""
    editor.keep_uploads(request.user)
    return _render_editor(request, editor, focus=focus)


def _sent_editor(request: SignedInRequest, site: str, pk: int) -> PageEditor:
    """The editor as the request sent it, for a page this person may edit (else a 404)."""
    page = permissions.get_page_for_editor(request.user, site, pk)
    return PageEditor(page, request.POST, request.FILES)


@signed_in
@require_POST
def add_block(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    editor = _sent_editor(request, site, pk)
    number = editor.add(request.POST.get("kind", ""))
    if number is None:
        raise Http404
    return _reshaped(request, editor, focus=f"block-{number - 1}")


@signed_in
@require_POST
def move_block(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    editor = _sent_editor(request, site, pk)
    index, _, direction = request.POST.get("move", "").partition(":")
    number = editor.move(_int(index), -1 if direction == "up" else 1)
    if number is None:
        raise Http404
    return _reshaped(request, editor, focus=f"block-{number - 1}")


@signed_in
@require_POST
def remove_block(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    editor = _sent_editor(request, site, pk)
    index = _int(request.POST.get("remove", ""))
    if editor.remove(index) is None:
        raise Http404
    return _reshaped(request, editor, focus="blocks-heading")


@signed_in
@require_POST
def keep_blocks(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    """The blocks as sent, with a newly chosen image kept and shown (htmx, on choosing it)."""
    editor = _sent_editor(request, site, pk)
    return _reshaped(request, editor, focus="")


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise Http404 from error


@signed_in
@require_POST
def publish(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    """Save what the editor holds, then publish it (from a form without blocks: publish the
    latest revision as it is)."""
    page = permissions.get_page_for_editor(request.user, site, pk)
    if "blocks" in request.POST:
        editor = PageEditor(page, request.POST, request.FILES)
        editor.keep_uploads(request.user)
        result = _save(request, editor)
        if not result.get("saved"):
            return _render_editor(
                request, editor, status=409 if result.get("stale") else 400, **result
            )
        page.refresh_from_db()
    try:
        services.publish(actor=request.user, page=page)
    except services.TownhallError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "Published."
            if page.site.pilot_site.is_live
            else "Published; residents see it once the site goes live.",
        )
    return redirect("townhall:edit_page", site=site, pk=pk)


@signed_in
@require_POST
def unpublish(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    page = permissions.get_page_for_editor(request.user, site, pk)
    if not confirm.was_confirmed(request):
        return confirm.ask(
            request,
            title=f"Take “{page.latest.title}” down?",
            consequences=[
                "Residents no longer see the page; links to it find “Page not found”.",
                "It is kept with every revision, and can be published again at any time.",
            ],
            yes="Yes, take it down",
            back=reverse("townhall:edit_page", args=[site, pk]),
        )
    services.unpublish(actor=request.user, page=page)
    messages.success(request, "Taken down. It is kept, and can be published again.")
    return redirect("townhall:edit_page", site=site, pk=pk)


@signed_in
@require_POST
def delete_draft(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    """A page never published: deleted, with its revisions, once the person confirms."""
    page = permissions.get_page_for_editor(request.user, site, pk)
    back = reverse("townhall:edit_page", args=[site, pk])
    if not confirm.was_confirmed(request):
        return confirm.ask(
            request,
            title=f"Delete the draft “{page.latest.title}”?",
            consequences=[
                "It was never published: no resident has seen it.",
                "It goes with every saved revision, and cannot be brought back. Its address "
                "becomes free for another page. Images stay in the site's library.",
            ],
            yes="Yes, delete this draft",
            back=back,
        )
    try:
        title = services.delete_draft(actor=request.user, page=page)
    except services.TownhallError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, f"The draft “{title}” is deleted.")
    return redirect("townhall:dashboard", site=site)
