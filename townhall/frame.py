"""A council's own site as the frame of the resident-facing pages of the apps below it
(workshops, consultations, applying, signing in): see `programme.frame`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import ResolverMatch, reverse

from programme.models import PilotSite

from . import permissions
from .models import TownhallSite

SITE_FRAME = "townhall/site_base.html"


def site_frame(request: HttpRequest, site: PilotSite) -> dict[str, Any] | None:
    """The site's header, search, sections and footer, once the site is live (before then,
    for its editors, with the preview notice); otherwise the programme's frame."""
    townhall = TownhallSite.objects.filter(pilot_site=site).first()
    if townhall is None:
        return None
    townhall.pilot_site = site  # the one already loaded
    if not permissions.can_view(request.user, townhall):
        return None
    slug = site.slug
    return {
        "frame": SITE_FRAME,
        "townhall": townhall,
        "frame_title_suffix": f" – {townhall.name}",
        # The site's sections a framed page's breadcrumbs lead back to.
        "frame_sections": {
            "events": reverse("townhall:events", args=[slug]),
            "have_your_say": reverse("townhall:have_your_say", args=[slug]),
            "get_involved": reverse("townhall:get_involved", args=[slug]),
        },
        # The notice a form asking for consent links to: the site's, which links the programme's.
        "frame_privacy": reverse("townhall:legal", args=[slug, "privacy"]),
    }


def site_of_address(match: ResolverMatch) -> PilotSite | None:
    """A page of a town hall site (`/sites/<site>/...`) belongs to its site."""
    if match.namespace != "townhall" or "site" not in match.kwargs:
        return None
    return PilotSite.objects.filter(slug=match.kwargs["site"]).first()
