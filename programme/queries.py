"""Reads for programme/ pages, scoped by the viewer, with their joins done once here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from . import permissions
from .models import PilotSite, Role, RoleGrant, User


def sites_for_home() -> QuerySet[PilotSite]:
    return PilotSite.objects.with_initiatives()


@dataclass(frozen=True)
class RoleHolders:
    role: Role
    people: list[User]


def site_people(site: PilotSite, viewer: permissions.AnyUser) -> list[RoleHolders]:
    """The site's people grouped by role, in the order DESIGN.md lists the roles.

    People running the pilot see everyone; others see only the roles people
    chose to show on their civic persona.
    """
    grants = RoleGrant.objects.active().for_site(site).select_related("user")
    if not permissions.can_see_site_people(viewer, site):
        grants = grants.filter(shown_on_persona=True)
    by_role: dict[str, list[User]] = defaultdict(list)
    for grant in grants.order_by("user__full_name"):
        by_role[grant.role].append(grant.user)
    return [RoleHolders(Role(role), by_role[role]) for role in Role if by_role.get(role)]


def shown_roles(user: User) -> list[RoleGrant]:
    """The roles a person chose to show on their civic persona."""
    return list(
        RoleGrant.objects.active().filter(user=user, shown_on_persona=True).select_related("site")
    )


def programme_people() -> QuerySet[User]:
    """Everyone with a programme-wide role, with those roles prefetched."""
    programme_grants = RoleGrant.objects.active().filter(site__isnull=True)
    return (
        User.objects.filter(role_grants__in=programme_grants)
        .distinct()
        .prefetch_related(
            Prefetch("role_grants", queryset=programme_grants, to_attr="programme_roles")
        )
    )
