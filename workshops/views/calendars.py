"""iCalendar downloads and subscribable feeds."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import http_date
from django.views.decorators.http import conditional_page, require_POST

from policy_drafts.closing import closing_for_site
from policy_drafts.models import PolicyDraft
from programme.decorators import signed_in, signed_in_unconfirmed_too
from programme.http import SignedInRequest
from programme.models import PilotSite
from programme.platform.conditional import steady

from .. import ics, permissions, queries, services
from ..models import Workshop


def _ics(
    name: str,
    workshops: Iterable[Workshop],
    filename: str,
    closings: Iterable[PolicyDraft] = (),
) -> HttpResponse:
    """A calendar as a response that calendar apps can poll cheaply: the ETag (added by
    conditional_page) and Last-Modified let a repeated poll answer 304 (`steady` moves
    Last-Modified on when a consultation's closing date comes or goes)."""
    workshops = list(workshops)
    response = HttpResponse(
        ics.calendar(name, workshops, closings=closings),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    changed = ics.last_changed(workshops)
    if changed is not None:
        response["Last-Modified"] = http_date(changed.timestamp())
    return response


@conditional_page
@steady
def workshop_ics(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = permissions.get_workshop_for_user(request.user, slug)
    return _ics(workshop.title, [workshop], f"{workshop.slug}.ics")


@conditional_page
@steady
def all_workshops_ics(request: HttpRequest) -> HttpResponse:
    return _ics(f"{settings.PROGRAMME_NAME} workshops", queries.public_feed(), "workshops.ics")


@conditional_page
@steady
def site_workshops_ics(request: HttpRequest, site: str) -> HttpResponse:
    """A site's workshops, and when each consultation open to its residents closes."""
    pilot_site = get_object_or_404(PilotSite, slug=site)
    return _ics(
        f"{pilot_site.name} workshops",
        queries.public_feed(pilot_site),
        f"{pilot_site.slug}-workshops.ics",
        closings=closing_for_site(pilot_site),
    )


@conditional_page
@steady
def personal_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A person's own workshops, at a secret address calendar apps can poll without signing in."""
    feed = queries.calendar_token(token)
    return _ics("My workshops", queries.my_workshops(feed.person), "my-workshops.ics")


@signed_in
def my_calendar(request: SignedInRequest) -> HttpResponse:
    token = services.calendar_token_for(person=request.user)
    url = request.build_absolute_uri(f"/workshops/my/calendar/{token.token}.ics")
    context = {
        "feed_url": url,
        "webcal_url": url.replace("http", "webcal", 1),
        "workshops": queries.my_workshops(request.user),
    }
    return render(request, "workshops/my_calendar.html", context)


@signed_in_unconfirmed_too
@require_POST
def reset_my_calendar(request: SignedInRequest) -> HttpResponse:
    services.calendar_token_for(person=request.user, reset=True)
    messages.success(
        request,
        "Your calendar link has changed. The old one no longer works: subscribe again with the new one.",
    )
    return redirect("workshops:my_calendar")
