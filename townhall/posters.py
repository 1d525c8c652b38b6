"""The council's brand on the posters and flyers the apps below print (`programme.posters`):
what its town hall site's header shows, as the link-preview cards draw it."""

from __future__ import annotations

from programme.models import PilotSite
from programme.posters import Brand

from .models import TownhallSite


def site_brand(site: PilotSite) -> Brand | None:
    townhall = TownhallSite.objects.filter(pilot_site=site).first()
    if townhall is None:
        return None
    return Brand(
        name=site.council_name or site.name,
        colour=townhall.colour,
        logo=townhall.logo.name or "",
        site_name=townhall.name,
    )
