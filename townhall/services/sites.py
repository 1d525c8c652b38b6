"""A pilot site's town hall site, made the moment the pilot site joins."""

from __future__ import annotations

from django.db import transaction

from programme.models import PilotSite

from ..models import TownhallSite


def default_name(pilot_site: PilotSite) -> str:
    """The name a site starts with, until its team gives it its own ("Kirklees Together")."""
    return f"{pilot_site.name} Town Hall"


@transaction.atomic
def add_site(pilot_site: PilotSite) -> TownhallSite:
    """The town hall site of a pilot site that joined (the `pilot_site_added` hook); it is
    not public until the programme marks the pilot site live. Safe to call again."""
    site, _ = TownhallSite.objects.get_or_create(
        pilot_site=pilot_site, defaults={"name": default_name(pilot_site)}
    )
    return site
