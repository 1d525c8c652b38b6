"""Telling the page cache that what a site shows changed."""

from __future__ import annotations

from programme.models import PilotSite

from .. import page_cache
from ..models import (
    TownhallSite,
)


def bump_cache(site: TownhallSite) -> None:
    """Something shown on the site changed: every cached page of it is out of date now."""
    page_cache.invalidate(site)


def clear_cached_pages(pilot_site: PilotSite | None) -> None:
    """Another app changed what the public pages show at `pilot_site` (every site for
    None): a workshop, a consultation, the site going live (the public_content_changed
    hook, so those apps never import this one)."""
    sites = TownhallSite.objects.select_related("pilot_site")
    if pilot_site is not None:
        sites = sites.filter(pilot_site=pilot_site)
    for site in sites:
        page_cache.invalidate(site)
