"""Telling the page cache that what a site shows changed: one step, one name.

`public_content_changed` is also the name of the hook other apps call (programme.hooks), so
the same words mean the same step wherever they are read.
"""

from __future__ import annotations

from programme.models import PilotSite

from .. import page_cache
from ..models import TownhallSite


def public_content_changed(where: TownhallSite | PilotSite | None) -> None:
    """Something shown changed: every cached page of that town hall site (of the pilot
    site's, or of every site for None) is out of date now."""
    if isinstance(where, TownhallSite):
        page_cache.public_content_changed(where)
        return
    sites = TownhallSite.objects.select_related("pilot_site")
    if where is not None:
        sites = sites.filter(pilot_site=where)
    for site in sites:
        page_cache.public_content_changed(site)
