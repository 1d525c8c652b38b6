"""Following: the Follow button's answer, the list of what a person follows, a visitor's
confirmation, and the one-click stop every email about a followed thing links to."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from programme.platform.clients import client_address
from programme.platform.errors import ProgrammeError

from .. import following, queries
from ..decorators import signed_in_unconfirmed_too
from ..forms.following import CadenceForm, FollowForm
from ..frame import frame_for_visit, site_of_address
from ..http import SignedInRequest, local_address, signed_in_user
from ..models import Cadence, Event
from ..services.reach import record_conversion


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    """Follow what the page showed (a signed reference), then back to that page. A visitor's
    follow box asks here (GET, with what they chose) for the form that takes their address,
    so a page that is only read holds no form needing a CSRF cookie; one click signed in."""
    signed = request.user.is_authenticated
    params = request.POST if request.method == "POST" else request.GET
    target = following.target_of(params.get("target", ""))
    back = local_address(request, params.get("next", "")) or "/"
    if target is None:
        messages.error(request, "That can no longer be followed.")
        return redirect(back)
    if request.method != "POST":
        chosen = params.get("cadence", "")
        form = FollowForm(
            initial={
                "target": params.get("target", ""),
                "next": back,
                **({"cadence": chosen} if chosen in Cadence.values else {}),
            },
            signed_in=signed,
        )
        return _follow_page(request, form, target, back)
    form = FollowForm(request.POST, signed_in=signed)
    if not form.is_valid():
        return _follow_page(request, form, target, back, status=400)
    cadence = form.cleaned_data["cadence"]
    try:
        if signed:
            person = signed_in_user(request)
            following.follow(person=person, target=target, cadence=cadence)
            messages.success(request, f"You follow {target}. We will email you about it.")
        else:
            following.follow_by_email(
                email=form.cleaned_data["email"],
                target=target,
                cadence=cadence,
                client=client_address(request),
            )
            messages.success(
                request,
                f"We have sent a link to {form.cleaned_data['email']}: follow it to start "
                f"emails about {target}.",
            )
    except ProgrammeError as error:
        form.add_error(None, error.message)
        return _follow_page(request, form, target, back, status=400)
    record_conversion(request, site=site_of_address(back), event=Event.FOLLOW)
    return redirect(back)


def _follow_page(
    request: HttpRequest, form: FollowForm, target: object, back: str, status: int = 200
) -> HttpResponse:
    """The follow form on a page of its own, in the frame of the page it came from."""
    context = {**frame_for_visit(request, back), "form": form, "target": target, "back": back}
    return render(request, "programme/following/follow.html", context, status=status)


@signed_in_unconfirmed_too
@require_http_methods(["GET", "POST"])
def mine(request: SignedInRequest) -> HttpResponse:
    """What I follow: how often each writes, and stopping it."""
    if request.method == "POST":
        chosen = queries.own_following(request.user, request.POST.get("following", ""))
        if chosen is None:
            messages.error(request, "Choose something you follow.")
            return redirect("following:mine")
        if "stop" in request.POST:
            following.stop(following=chosen, how="their list")
            messages.success(request, f"No more emails about {chosen.target}.")
            return redirect("following:mine")
        form = CadenceForm(request.POST)
        if form.is_valid():
            following.change_cadence(
                actor=request.user, following=chosen, cadence=form.cleaned_data["cadence"]
            )
            messages.success(request, f"Saved: {chosen.get_cadence_display().lower()}.")
        else:
            messages.error(request, "Choose how often we write.")
        return redirect("following:mine")
    choices = [
        (found, CadenceForm(initial={"cadence": found.cadence}, auto_id=f"cadence-{found.pk}-%s"))
        for found in queries.followings_of(request.user)
    ]
    context = {"followings": choices}
    return render(request, "programme/following/mine.html", context)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A visitor's link: a button to press, so a mail scanner that follows links confirms
    nothing."""
    found = queries.following_by_token(token, visitor_only=True)
    if request.method == "POST":
        try:
            following.confirm(following=found)
        except ProgrammeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Confirmed: we will email you about {found.target}.")
    return render(request, "programme/following/confirm.html", {"following": found})


@csrf_exempt  # RFC 8058: a mail client's one-click POST carries no token and no session
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """Stop emails about one followed thing. A POST stops it (the mail client's one click,
    or the button here); a GET only asks, so a link scanner stops nothing."""
    found = queries.following_by_token(token)
    if request.method == "POST":
        how = "the stop page" if request.user.is_authenticated else "one click"
        following.stop(following=found, how=how)
    return render(request, "programme/following/stop.html", {"following": found})
