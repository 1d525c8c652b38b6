"""iCalendar downloads and subscribable feeds."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from programme.decorators import signed_in
from programme.models import PilotSite

from .. import ics, permissions, queries, services
from ..models import CalendarToken


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def workshop_ics(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = permissions.get_workshop_for_user(request.user, slug)
    return _ics(ics.calendar(workshop.title, [workshop]), f"{workshop.slug}.ics")


def all_workshops_ics(request: HttpRequest) -> HttpResponse:
    return _ics(ics.calendar("Virtual Town Hall workshops", queries.public_feed()), "workshops.ics")


def site_workshops_ics(request: HttpRequest, site: str) -> HttpResponse:
    pilot_site = get_object_or_404(PilotSite, slug=site)
    return _ics(
        ics.calendar(f"{pilot_site.name} workshops", queries.public_feed(pilot_site)),
        f"{pilot_site.slug}-workshops.ics",
    )


def personal_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A person's own workshops, at a secret address calendar apps can poll without signing in."""
    feed = get_object_or_404(CalendarToken.objects.select_related("person"), token=token)
    return _ics(ics.calendar("My workshops", queries.my_workshops(feed.person)), "my-workshops.ics")


@signed_in
def my_calendar(request: HttpRequest) -> HttpResponse:
    token = services.calendar_token_for(person=request.user)
    url = request.build_absolute_uri(f"/workshops/my/calendar/{token.token}.ics")
    context = {
        "feed_url": url,
        "webcal_url": url.replace("http", "webcal", 1),
        "workshops": queries.my_workshops(request.user),
    }
    return render(request, "workshops/my_calendar.html", context)


@signed_in
@require_POST
def reset_my_calendar(request: HttpRequest) -> HttpResponse:
    services.calendar_token_for(person=request.user, reset=True)
    messages.success(
        request,
        "Your calendar link has changed. The old one no longer works: subscribe again with the new one.",
    )
    return redirect("workshops:my_calendar")
