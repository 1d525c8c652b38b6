"""Who may do what in programme/. Views, templates and the admin all ask here.

Role look-ups read the person's active grants once per request and cache
them on the user object, so a page asking many questions costs one query.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import PilotSite, Role, RoleGrant, User

AnyUser = User | AnonymousUser
_CACHE = "_active_role_grants"


def active_grants(user: AnyUser) -> list[RoleGrant]:
    """The person's active role grants, read once and kept on the user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    if not hasattr(user, _CACHE):
        grants = RoleGrant.objects.active().filter(user=user).select_related("site")
        setattr(user, _CACHE, list(grants))
    return getattr(user, _CACHE)


def forget_grants(user: AnyUser) -> None:
    """Drop the cached grants after a role change within the same request."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def has_role(user: AnyUser, role: Role, site: PilotSite | None = None) -> bool:
    """True if the person holds `role` (at `site`, when given)."""
    return any(
        g.role == role and (site is None or g.site_id == site.pk) for g in active_grants(user)
    )


def is_coordinator(user: AnyUser) -> bool:
    """Coordinators run the programme; superusers count as coordinators."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser) or has_role(
        user, Role.COORDINATOR
    )


def is_critical_friend(user: AnyUser) -> bool:
    return has_role(user, Role.CRITICAL_FRIEND)


def holds_any_role(user: AnyUser) -> bool:
    """Anyone with a programme or site role: the people who run the pilot together."""
    return is_coordinator(user) or bool(active_grants(user))


def sites_led_by(user: AnyUser) -> set[int]:
    return {g.site_id for g in active_grants(user) if g.role == Role.SITE_LEAD}


def can_use_admin(user: AnyUser) -> bool:
    """The back office is for staff and coordinators."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_staff or is_coordinator(user))
    )


def can_manage_roles(user: AnyUser) -> bool:
    """Only coordinators grant and revoke roles."""
    return is_coordinator(user)


def can_see_programme_dashboard(user: AnyUser) -> bool:
    """Coordinators, critical friends (who read everything) and site leads."""
    return is_coordinator(user) or is_critical_friend(user) or bool(sites_led_by(user))


def can_see_site_people(user: AnyUser, site: PilotSite) -> bool:
    """Who holds which role at a site is for the people running the pilot.

    Everyone else sees only the roles people chose to show on their persona.
    """
    return (
        is_coordinator(user)
        or is_critical_friend(user)
        or any(g.site_id == site.pk for g in active_grants(user))
    )


def get_site_for_user(user: AnyUser, slug: str, *, write: bool = False) -> PilotSite:
    """A pilot site by slug. Sites are public to read; writing is for its lead and coordinators.

    Raises Http404 for an unknown site and PermissionDenied for a read-only viewer.
    """
    site = get_object_or_404(PilotSite, slug=slug)
    if write and not (is_coordinator(user) or site.pk in sites_led_by(user)):
        if not user.is_authenticated:
            raise Http404
        raise PermissionDenied
    return site
