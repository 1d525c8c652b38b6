"""Building pages: the site's dashboard, a new page, and the block editor (works without JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from programme.decorators import signed_in

from .. import permissions, queries, services
from ..blocks import PALETTE, publishing_problems
from ..forms import NewPageForm, PageDetailsForm, ScheduleForm
from .public import preview_token


@signed_in
def dashboard(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site, write=True)
    context = {
        "townhall": townhall,
        "pages": queries.editor_pages(townhall),
        "median_minutes": queries.median_minutes_to_publish(townhall),
        "stale": queries.stale_pages(townhall),
        "form": NewPageForm(),
    }
    return render(request, "townhall/dashboard.html", context)


@signed_in
@require_POST
def new_page(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site, write=True)
    form = NewPageForm(request.POST)
    if form.is_valid():
        page = services.create_page(actor=request.user, site=townhall, **form.cleaned_data)
        return redirect("townhall:edit_page", site=site, pk=page.pk)
    context = {
        "townhall": townhall,
        "pages": queries.editor_pages(townhall),
        "form": form,
        "median_minutes": queries.median_minutes_to_publish(townhall),
        "stale": queries.stale_pages(townhall),
    }
    return render(request, "townhall/dashboard.html", context, status=400)


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
            initial={"base": revision.number, "title": revision.title, "summary": revision.summary}
        ),
        "schedule_form": ScheduleForm(
            initial={
                "go_live_at": page.go_live_at,
                "expires_at": page.expires_at,
                "review_on": page.review_on,
                "in_menu": page.in_menu,
            }
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
            services.save_revision(
                actor=request.user,
                page=page,
                base=form.cleaned_data["base"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
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
    form = ScheduleForm(request.POST)
    if form.is_valid():
        services.schedule(actor=request.user, page=page, **form.cleaned_data)
        messages.success(request, "Dates saved.")
        return redirect("townhall:edit_page", site=site, pk=pk)
    return render(
        request,
        "townhall/editor.html",
        _editor_context(request, site, page, schedule_form=form),
        status=400,
    )
