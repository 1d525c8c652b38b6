"""Who may see and edit a town hall site. Each site is its own house.

- Editors: coordinators, the site's lead, and the people the lead permits. They
  edit every page of their own site and no other.
- Contributors: the site's ambassadors and content providers. They write news
  items and edit their own; an ambassador, or a provider who has agreed to the
  current version of the site's social web policy, publishes them; any other
  contributor's news waits for an editor to publish it.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from policy_drafts.services import has_current_agreement
from programme import permissions as programme_permissions
from programme.models import Role

from .models import Discussion, Page, PageKind, Post, SiteEditor, TownhallSite

AnyUser = programme_permissions.AnyUser


def can_manage_editors(user: AnyUser, site: TownhallSite) -> bool:
    """The site lead decides who else edits the site (coordinators can too)."""
    return programme_permissions.is_coordinator(user) or programme_permissions.leads_site(
        user, site.pilot_site
    )


def is_permitted_editor(user: AnyUser, site: TownhallSite) -> bool:
    """Someone who accepted the lead's invitation, with a confirmed address (asked once per
    request and site: the answer is kept on the user object, as roles are)."""
    if not (user.is_authenticated and user.is_confirmed):
        return False
    known: dict[int, bool] = user.__dict__.setdefault("_editor_of_sites", {})
    if site.pk not in known:
        known[site.pk] = SiteEditor.objects.active().filter(site=site, user=user).exists()
    return known[site.pk]


def forget_editing(user: AnyUser) -> None:
    """Drop the kept answers after someone's editing rights changed within the request."""
    user.__dict__.pop("_editor_of_sites", None)


def can_edit(user: AnyUser, site: TownhallSite) -> bool:
    """Coordinators, the site's lead and the people the lead permits; no one edits another site."""
    return can_manage_editors(user, site) or is_permitted_editor(user, site)


def is_contributor(user: AnyUser, site: TownhallSite) -> bool:
    return programme_permissions.has_role(
        user, Role.AMBASSADOR, site.pilot_site
    ) or programme_permissions.has_role(user, Role.CONTENT_PROVIDER, site.pilot_site)


def can_write_news(user: AnyUser, site: TownhallSite) -> bool:
    return can_edit(user, site) or is_contributor(user, site)


def publishes_own_news(user: AnyUser, site: TownhallSite) -> bool:
    """Ambassadors, and providers who agreed to the site's current social web policy."""
    if programme_permissions.has_role(user, Role.AMBASSADOR, site.pilot_site):
        return True
    policy = site.social_web_policy
    return (
        programme_permissions.has_role(user, Role.CONTENT_PROVIDER, site.pilot_site)
        and policy is not None
        and has_current_agreement(user, policy)
    )


def can_edit_page(user: AnyUser, page: Page) -> bool:
    if can_edit(user, page.site):
        return True
    return (
        page.kind == PageKind.NEWS
        and user.is_authenticated
        and page.created_by_id == user.pk
        and is_contributor(user, page.site)
    )


def can_publish(user: AnyUser, page: Page) -> bool:
    if can_edit(user, page.site):
        return True
    return can_edit_page(user, page) and publishes_own_news(user, page.site)


def can_view(user: AnyUser, site: TownhallSite) -> bool:
    """The public sees a site once the programme marks it live; its editors can always preview it."""
    return site.pilot_site.is_live or can_edit(user, site)


def site_for(slug: str) -> TownhallSite:
    """The town hall site of a pilot site, in one query; 404 for no such site. Only reads:
    every pilot site has its town hall site from the moment it joins
    (`services.add_site`, on the `pilot_site_added` hook)."""
    return get_object_or_404(
        TownhallSite.objects.select_related("pilot_site"), pilot_site__slug=slug
    )


def get_site_for_user(user: AnyUser, slug: str, *, write: bool = False) -> TownhallSite:
    """A site for reading, or (write) for editing. Anyone who may not gets a 404: edit URLs are not advertised."""
    site = site_for(slug)
    if not (can_edit(user, site) if write else can_view(user, site)):
        raise Http404
    return site


def get_site_for_writer(user: AnyUser, slug: str) -> TownhallSite:
    """A site whose dashboard the person may open: its editors, and contributors writing news."""
    site = site_for(slug)
    if not can_write_news(user, site):
        raise Http404
    return site


def get_page_for_editor(user: AnyUser, slug: str, pk: int) -> Page:
    site = site_for(slug)
    page = get_object_or_404(
        Page.objects.select_related("latest_revision", "live_revision", "site__pilot_site"),
        site=site,
        pk=pk,
    )
    if not can_edit_page(user, page):
        raise Http404
    return page


def can_moderate_site(user: AnyUser, site: TownhallSite) -> bool:
    """Who works the site's queue of first posts: its ambassadors, its lead and coordinators."""
    return programme_permissions.can_moderate(user, Post(discussion=Discussion(site=site)))


def staff_role(user: AnyUser, site: TownhallSite) -> str | None:
    """How a person who works on the site sees it, in words ("as its editor"); None for residents."""
    if can_edit(user, site):
        return "its editor"
    if programme_permissions.has_role(user, Role.AMBASSADOR, site.pilot_site):
        return "one of its ambassadors"
    if programme_permissions.has_role(user, Role.CONTENT_PROVIDER, site.pilot_site):
        return "a local group or organisation who writes for it"
    if programme_permissions.holds_any_role(user):
        return "a member of the pilot's team"
    return None


def can_complain(user: AnyUser, post: Post) -> bool:
    """A moderation decision is questioned by the person it affected: the author of a post
    that was hidden, or that is still held for an ambassador."""
    return bool(
        user.is_authenticated and post.author_id == user.pk and (post.is_hidden or post.is_pending)
    )
