"""Building pages: the site's dashboard, a new page, and the block editor (works without JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from programme.decorators import signed_in

from .. import permissions, queries, services
from ..blocks import PALETTE, embed_for, publishing_problems
from ..forms import EditorForm, NewPageForm, PageDetailsForm, ScheduleForm
from ..models import SiteEditor
from .public import preview_token


def _dashboard_context(request: HttpRequest, townhall, **extra: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Editors see every page of their site; contributors see their own news items."""
    editor = permissions.can_edit(request.user, townhall)
    context: dict[str, object] = {
        "townhall": townhall,
        "is_editor": editor,
        "form": NewPageForm(news_only=not editor),
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
def dashboard(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_writer(request.user, site)
    return render(request, "townhall/dashboard.html", _dashboard_context(request, townhall))


@signed_in
@require_POST
def new_page(request: HttpRequest, site: str) -> HttpResponse:
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
def permit_editor(request: HttpRequest, site: str) -> HttpResponse:
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
def withdraw_editor(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site, write=True)
    if not permissions.can_manage_editors(request.user, townhall):
        raise Http404
    editor = get_object_or_404(SiteEditor, site=townhall, pk=pk, revoked_at__isnull=True)
    services.withdraw_editor(actor=request.user, editor=editor)
    messages.success(request, "They no longer edit the site. What they wrote stays.")
    return redirect(f"{reverse('townhall:dashboard', args=[site])}#editors-heading")


def _editor_context(request: HttpRequest, site: str, page, **extra: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    revision = page.latest_revision
    data = queries.block_context(page.site, revision.blocks)
    add = request.GET.get("add", "")
    edit = request.GET.get("edit", "")
    block_form = extra.pop("block_form", None)
    if block_form is None and add in PALETTE and not PALETTE[add].live:
        block_form = PALETTE[add].form()
    if block_form is None and edit.isdigit() and int(edit) < len(revision.blocks):
        block = revision.blocks[int(edit)]
        kind = PALETTE.get(block.get("type"))
        if kind and not kind.live and kind.key != "image":
            initial = dict(block)
            if kind.key == "links":
                initial["lines"] = "\n".join(
                    f"{link['label']} | {link['url']}" for link in block.get("links", [])
                )
            block_form = kind.form(initial=initial)
    context = {
        "townhall": page.site,
        "page": page,
        "revision": revision,
        "blocks": revision.blocks,
        "data": data,
        "palette": PALETTE.values(),
        "adding": add if add in PALETTE else "",
        "editing": int(edit) if edit.isdigit() else None,
        "block_form": block_form,
        "details_form": PageDetailsForm(
            initial={
                "base": revision.number,
                "title": revision.title,
                "summary": revision.summary,
                "tags": ", ".join(tag.name for tag in page.tags.all()),
            }
        ),
        "may_publish": permissions.can_publish(request.user, page),
        "schedule_form": ScheduleForm(
            initial={
                "go_live_at": page.go_live_at,
                "expires_at": page.expires_at,
                "review_on": page.review_on,
                "in_menu": page.in_menu,
                "parent": page.parent_id,
            },
            page=page,
        ),
        "problems": publishing_problems(revision.blocks, data["images"]),
        "preview_url": request.build_absolute_uri(
            reverse("townhall:preview", args=[site, preview_token(page)])
        ),
    }
    context.update(extra)
    return context


@signed_in
def edit_page(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    page = permissions.get_page_for_editor(request.user, site, pk)
    return render(request, "townhall/editor.html", _editor_context(request, site, page))


def _base(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("base", ""))
    except ValueError as error:
        raise Http404 from error


@signed_in
@require_POST
def save_details(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    page = permissions.get_page_for_editor(request.user, site, pk)
    form = PageDetailsForm(request.POST)
    if form.is_valid():
        try:
            services.save_details(
                actor=request.user,
                page=page,
                base=form.cleaned_data["base"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                tags=services.parse_tags(form.cleaned_data["tags"]),
            )
        except services.TownhallError as error:
            form.add_error("title" if error.code == "title_required" else None, error.message)
        else:
            messages.success(request, "Saved.")
            return redirect("townhall:edit_page", site=site, pk=pk)
    return render(
        request,
        "townhall/editor.html",
        _editor_context(request, site, page, details_form=form),
        status=409 if form.non_field_errors() else 400,
    )


@signed_in
@require_POST
def block_action(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    """Add, change, move or remove a block. Each is a new revision, refused if the page changed meanwhile."""
    page = permissions.get_page_for_editor(request.user, site, pk)
    action, base = request.POST.get("action", ""), _base(request)
    index = int(request.POST["index"]) if request.POST.get("index", "").isdigit() else None
    kind = PALETTE.get(request.POST.get("type", ""))
    try:
        if action == "move" and index is not None:
            services.move_block(
                actor=request.user,
                page=page,
                base=base,
                index=index,
                offset=-1 if request.POST.get("direction") == "up" else 1,
            )
        elif action == "remove" and index is not None:
            services.remove_block(actor=request.user, page=page, base=base, index=index)
        elif action in ("add", "change") and kind is not None:
            form = kind.form(request.POST, request.FILES)
            if not form.is_valid():
                context = _editor_context(request, site, page, block_form=form)
                context["adding" if action == "add" else "editing"] = (
                    kind.key if action == "add" else index
                )
                return render(request, "townhall/editor.html", context, status=400)
            if page.latest_revision.number != base:
                # Stale: show their block again, filled in as they typed it, rather than lose it.
                form.add_error(
                    None,
                    "Someone saved this page since you opened it. Your block is kept below: "
                    "check the page above, then save it again.",
                )
                context = _editor_context(request, site, page, block_form=form)
                context["adding" if action == "add" else "editing"] = (
                    kind.key if action == "add" else index
                )
                return render(request, "townhall/editor.html", context, status=409)
            block = _block_from(request, page, kind.key, form.cleaned_data)
            if action == "add":
                services.add_block(actor=request.user, page=page, base=base, block=block)
            else:
                services.replace_block(
                    actor=request.user, page=page, base=base, index=index or 0, block=block
                )
        else:
            raise Http404
    except services.TownhallError as error:
        messages.error(request, error.message)
    return redirect(f"{reverse('townhall:edit_page', args=[site, pk])}#blocks")


def _block_from(request: HttpRequest, page, key: str, data: dict) -> dict:  # type: ignore[no-untyped-def, type-arg]
    if key == "image":
        image = services.upload_image(
            actor=request.user,
            site=page.site,
            file=data["file"],
            alt_text=data["alt_text"],
            decorative=data["decorative"],
        )
        return {"type": "image", "image_id": image.pk, "caption": data["caption"]}
    if key == "links":
        return {"type": "links", "links": data["lines"]}
    if key == "embed":
        return {
            "type": "embed",
            "url": data["url"],
            "title": data["title"],
            **embed_for(data["url"]),
        }
    return {"type": key, **data}


@signed_in
@require_POST
def publish(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    page = permissions.get_page_for_editor(request.user, site, pk)
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
def unpublish(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    page = permissions.get_page_for_editor(request.user, site, pk)
    services.unpublish(actor=request.user, page=page)
    messages.success(request, "Taken down. It is kept, and can be published again.")
    return redirect("townhall:edit_page", site=site, pk=pk)


@signed_in
@require_POST
def schedule(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    page = permissions.get_page_for_editor(request.user, site, pk)
    form = ScheduleForm(request.POST, page=page)
    if form.is_valid():
        try:
            services.schedule(actor=request.user, page=page, **form.cleaned_data)
        except services.TownhallError as error:
            form.add_error("parent" if error.code == "bad_parent" else None, error.message)
        else:
            messages.success(request, "Saved.")
            return redirect("townhall:edit_page", site=site, pk=pk)
    return render(
        request,
        "townhall/editor.html",
        _editor_context(request, site, page, schedule_form=form),
        status=400,
    )
