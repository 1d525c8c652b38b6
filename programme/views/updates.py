from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import permissions, queries
from ..capacities import capacities_for
from ..decorators import allowed_if, confirmed_to_send
from ..forms.base import posted, show_refusal
from ..forms.updates import ReplyForm, UpdateForm
from ..http import SignedInRequest, signed_in_user
from ..models import Reply
from ..services import ProgrammeError
from ..services import updates as update_services


def update_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.updates_for(request.user), 10).get_page(request.GET.get("page"))
    context = {"page": page, "can_write": permissions.can_write_updates(request.user)}
    return render(request, "programme/update_list.html", context)


@confirmed_to_send
def update_detail(request: HttpRequest, slug: str) -> HttpResponse:
    update = queries.update_for(request.user, slug)
    can_reply = permissions.can_reply(request.user, update)
    form = (
        ReplyForm(posted(request), capacities=capacities_for(request.user)) if can_reply else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            reply = update_services.reply_to_update(
                author=signed_in_user(request),
                update=update,
                body=form.cleaned_data["body"],
                capacity=form.cleaned_data["capacity"],
            )
        except ProgrammeError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your reply is posted.")
            return redirect(reply.get_absolute_url())
    replies = list(queries.replies_to(update))
    for reply in replies:
        reply.viewer_can_moderate = permissions.can_moderate(request.user, reply)
        reply.viewer_can_report = permissions.can_report(request.user, reply)
    context = {
        "update": update,
        "replies": replies,
        "reply_type": queries.content_type_id(Reply),
        "form": form,
        "can_write": permissions.can_write_updates(request.user),
    }
    return render(
        request,
        "programme/update_detail.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


@allowed_if(permissions.can_write_updates)
def update_create(request: SignedInRequest) -> HttpResponse:
    form = UpdateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        update = update_services.write_update(actor=request.user, **form.cleaned_data)
        messages.success(request, "Update published." if update.is_published else "Draft saved.")
        return redirect(update)
    return render(request, "programme/update_form.html", {"form": form, "title": "Write an update"})


@allowed_if(permissions.can_write_updates)
def update_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    update = queries.update_for(request.user, slug)
    form = UpdateForm(posted(request), instance=update)
    if request.method == "POST" and form.is_valid():
        update = update_services.edit_update(actor=request.user, update=update, **form.cleaned_data)
        messages.success(request, "Update saved.")
        return redirect(update)
    return render(
        request,
        "programme/update_form.html",
        {"form": form, "title": f"Edit “{update}”", "update": update},
    )
