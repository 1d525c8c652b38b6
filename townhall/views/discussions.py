"""Residents' discussions on a town hall site."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from programme import permissions as programme_permissions
from programme import queries as programme_queries
from programme.capacities import capacities_for
from programme.decorators import confirmed_to_send, signed_in
from programme.forms import posted, show_refusal
from programme.http import SignedInRequest, signed_in_user
from programme.models import Event
from programme.platform.clients import client_address
from programme.services.reach import record_conversion

from .. import permissions, queries, services
from ..forms import ComplaintForm, PostForm
from ..models import AggregatedItem, Discussion, Post, TownhallSite
from ..services import TownhallError
from ..services import discussions as discussion_services

# A visitor reads a discussion, or the list, with no form on it: a page that is only read
# sets no cookie. "Reply" and "Start a discussion" lead them to the form on a page of its
# own (which sets the CSRF cookie it needs); signed in, the form is on the page itself.


@confirmed_to_send  # not signed in, or not confirmed: asked to, keeping their words
def discussion_list(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    form = PostForm(posted(request), capacities=capacities_for(request.user))
    if (started := _start(request, townhall, form)) is not None:
        return started
    context = {
        "townhall": townhall,
        "page_obj": Paginator(queries.discussions(townhall), 25).get_page(request.GET.get("page")),
        "form": form if request.user.is_authenticated or form.is_bound else None,
    }
    return render(
        request,
        "townhall/discussions.html",
        context,
        status=400 if form.errors else 200,
    )


@confirmed_to_send
def start_page(request: HttpRequest, site: str) -> HttpResponse:
    """Start a discussion: the form on a page of its own."""
    townhall = permissions.get_site_for_user(request.user, site)
    form = PostForm(posted(request), capacities=capacities_for(request.user))
    if (started := _start(request, townhall, form)) is not None:
        return started
    context = {"townhall": townhall, "form": form}
    return render(
        request, "townhall/discussion_start.html", context, status=400 if form.errors else 200
    )


def _start(request: HttpRequest, townhall: TownhallSite, form: PostForm) -> HttpResponse | None:
    """The new discussion's page once the form is sent and taken, else None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        post = discussion_services.start_discussion(
            author=signed_in_user(request),
            site=townhall,
            client=client_address(request),
            **form.cleaned_data,
        )
    except TownhallError as error:
        show_refusal(form, error)
        return None
    _said(request, post)
    return redirect(post.discussion)


def _said(request: HttpRequest, post: Post) -> None:
    # Counted for the share code the form carried on, if a shared link brought them.
    record_conversion(request, site=post.discussion.site.pilot_site, event=Event.POST)
    if post.is_pending:
        messages.info(
            request,
            "Thank you. As this is your first post here, an ambassador will check it before it shows; after that you post straight away.",
        )
    else:
        messages.success(request, "Posted.")


@confirmed_to_send
def discussion_detail(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    discussion = queries.discussion(townhall, pk, request.user)
    form = PostForm(posted(request), capacities=capacities_for(request.user), with_title=False)
    if (replied := _reply(request, discussion, form)) is not None:
        return replied
    page_obj = queries.posts_for(discussion, request.user, request.GET.get("page"))
    posts = page_obj.object_list
    for post in posts:
        post.viewer_can_moderate = programme_permissions.can_moderate(request.user, post)
        post.viewer_can_report = programme_permissions.can_report(request.user, post)
    context = {
        "townhall": townhall,
        "discussion": discussion,
        "posts": posts,
        "page_obj": page_obj,
        "form": form if request.user.is_authenticated or form.is_bound else None,
        "post_type": programme_queries.content_type_id(Post),
        "next": queries.what_next(townhall),
    }
    return render(
        request,
        "townhall/discussion.html",
        context,
        status=400 if form.errors else 200,
    )


@confirmed_to_send
def reply_page(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    """Reply to a discussion: the form on a page of its own."""
    townhall = permissions.get_site_for_user(request.user, site)
    discussion = queries.discussion(townhall, pk, request.user)
    form = PostForm(posted(request), capacities=capacities_for(request.user), with_title=False)
    if (replied := _reply(request, discussion, form)) is not None:
        return replied
    context = {"townhall": townhall, "discussion": discussion, "form": form}
    return render(
        request, "townhall/discussion_reply.html", context, status=400 if form.errors else 200
    )


def _reply(request: HttpRequest, discussion: Discussion, form: PostForm) -> HttpResponse | None:
    """The reply's place once the form is sent and taken, else None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        post = discussion_services.reply(
            author=signed_in_user(request),
            discussion=discussion,
            client=client_address(request),
            **form.cleaned_data,
        )
    except TownhallError as error:
        show_refusal(form, error)
        return None
    _said(request, post)
    return redirect(
        post.get_absolute_url() if not post.is_pending else discussion.get_absolute_url()
    )


def post_link(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    """A post's lasting address: its discussion at the page it is on for this reader, at
    the post (the page changes as posts are added or hidden; this address does not)."""
    townhall = permissions.get_site_for_user(request.user, site)
    post = queries.post(townhall, pk)
    number = queries.page_of_post(post, request.user)
    query = f"?page={number}" if number > 1 else ""
    return redirect(f"{post.discussion.get_absolute_url()}{query}#post-{post.pk}")


def terms(request: HttpRequest, site: str) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    return render(request, "townhall/terms.html", {"townhall": townhall})


@signed_in
def pending(request: SignedInRequest, site: str) -> HttpResponse:
    """First posts, and items from feeds without an agreed provider, waiting for an ambassador."""
    townhall = permissions.get_site_for_user(request.user, site)
    posts = queries.pending_posts(townhall)
    probe = posts[0] if posts else Post(discussion=Discussion(site=townhall))
    if not programme_permissions.can_moderate(request.user, probe):
        raise PermissionDenied
    context = {
        "townhall": townhall,
        "posts": posts,
        "post_type": programme_queries.content_type_id(Post),
        "items": queries.pending_items(townhall),
        "item_type": programme_queries.content_type_id(AggregatedItem),
    }
    return render(request, "townhall/pending.html", context)


@signed_in
@require_POST
def approve(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    post = get_object_or_404(Post, discussion__site=townhall, pk=pk)
    discussion_services.approve(moderator=request.user, post=post)
    messages.success(request, "Approved: it shows now, and their next posts go straight up.")
    return redirect("townhall:pending", site=site)


@signed_in
@require_POST
def approve_item(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    item = get_object_or_404(AggregatedItem, site=townhall, pk=pk)
    services.approve_item(moderator=request.user, item=item)
    messages.success(request, f"Approved: “{item.title}” shows in Around the web.")
    return redirect("townhall:pending", site=site)


@signed_in
def complain(request: SignedInRequest, site: str, pk: int) -> HttpResponse:
    townhall = permissions.get_site_for_user(request.user, site)
    post = queries.post(townhall, pk)
    if not permissions.can_complain(request.user, post):
        raise Http404
    form = ComplaintForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            discussion_services.complain(
                complainant=request.user,
                post=post,
                text=form.cleaned_data["text"],
                client=client_address(request),
            )
        except TownhallError as error:
            form.add_error("text", error.message)
        else:
            messages.success(
                request,
                "Your complaint has gone to the programme's coordinators, who will reply by email.",
            )
            return redirect(post.discussion)
    context = {"townhall": townhall, "post": post, "form": form}
    return render(request, "townhall/complain.html", context, status=400 if form.errors else 200)
