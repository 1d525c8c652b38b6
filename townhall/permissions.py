"""Who may see and edit a town hall site. Each site is its own house."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from programme import permissions as programme_permissions
from programme.models import PilotSite

from .models import Page, TownhallSite

AnyUser = programme_permissions.AnyUser


def can_edit(user: AnyUser, site: TownhallSite) -> bool:
    """Coordinators and the site's lead edit it; no one edits another site."""
    return programme_permissions.is_coordinator(user) or programme_permissions.leads_site(
        user, site.pilot_site
    )


def can_view(user: AnyUser, site: TownhallSite) -> bool:
    """The public sees a site once the programme marks it live; its editors can always preview it."""
    return site.pilot_site.is_live or can_edit(user, site)


def site_for(slug: str) -> TownhallSite:
    pilot = get_object_or_404(PilotSite, slug=slug)
    site, _ = TownhallSite.objects.select_related("pilot_site").get_or_create(
        pilot_site=pilot, defaults={"name": f"{pilot.name} Town Hall"}
    )
    return site


def get_site_for_user(user: AnyUser, slug: str, *, write: bool = False) -> TownhallSite:
    """A site for reading, or (write) for editing. Anyone who may not gets a 404: edit URLs are not advertised."""
    site = site_for(slug)
    if not (can_edit(user, site) if write else can_view(user, site)):
        raise Http404
    return site


def get_page_for_editor(user: AnyUser, slug: str, pk: int) -> Page:
    site = get_site_for_user(user, slug, write=True)
    return get_object_or_404(
        Page.objects.select_related("latest_revision", "live_revision", "site__pilot_site"),
        site=site,
        pk=pk,
    )
