"""Following: the Follow button's answer, the list of what a person follows, a visitor's
confirmation, and the one-click stop every email about a followed thing links to."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .. import following, queries
from ..clients import client_address
from ..decorators import signed_in_unconfirmed_too
from ..forms.following import CadenceForm, FollowForm
from ..frame import site_of_address
from ..http import SignedInRequest, local_address
from ..models import Event, User
from ..services.errors import ProgrammeError
from ..services.reach import record_conversion


@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Follow what the page showed (a signed reference), then back to that page."""
    signed = request.user.is_authenticated
    form = FollowForm(request.POST, signed_in=signed)
    target = following.target_of(request.POST.get("target", ""))
    back = local_address(request, request.POST.get("next", "")) or "/"
    if target is None:
        messages.error(request, "That can no longer be followed.")
        return redirect(back)
    if not form.is_valid():
        context = {"form": form, "target": target, "back": back}
        return render(request, "programme/following/follow.html", context, status=400)
    cadence = form.cleaned_data["cadence"]
    try:
        if signed:
            person = request.user
            assert isinstance(person, User)
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
        context = {"form": form, "target": target, "back": back}
        return render(request, "programme/following/follow.html", context, status=400)
    record_conversion(request, site=site_of_address(back), event=Event.FOLLOW)
    return redirect(back)


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
