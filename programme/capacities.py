"""The capacities a person may speak in, derived from the roles they hold now.

Later apps store the chosen capacity on each comment or post (see
`SpokenCapacity`); this module only says which ones are open to a person today.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import models

from .models.people import PilotSite, Role, RoleGrant, User


class CapacityKind(models.TextChoices):
    RESIDENT = "resident", "Resident"
    OFFICER = "officer", "Officer"
    ELECTED_MEMBER = "elected_member", "Elected member"
    AMBASSADOR = "ambassador", "Community ambassador"
    CONTENT_PROVIDER = "content_provider", "Content provider"
    COORDINATOR = "coordinator", "Programme coordinator"
    CRITICAL_FRIEND = "critical_friend", "Critical friend"


# A site lead is an officer of their council, so they speak as one.
_KIND_FOR_ROLE = {
    Role.SITE_LEAD: CapacityKind.OFFICER,
    Role.OFFICER: CapacityKind.OFFICER,
    Role.ELECTED_MEMBER: CapacityKind.ELECTED_MEMBER,
    Role.AMBASSADOR: CapacityKind.AMBASSADOR,
    Role.CONTENT_PROVIDER: CapacityKind.CONTENT_PROVIDER,
    Role.COORDINATOR: CapacityKind.COORDINATOR,
    Role.CRITICAL_FRIEND: CapacityKind.CRITICAL_FRIEND,
}


@dataclass(frozen=True)
class Capacity:
    kind: CapacityKind
    site: PilotSite | None = None
    # True when someone who also holds an official role chooses to speak as a
    # resident: the pilot's answer to "can an officer speak as a citizen?".
    personal_view: bool = False

    @property
    def key(self) -> str:
        """A stable form value, e.g. "officer:kirklees" or "resident"."""
        return f"{self.kind}:{self.site.slug}" if self.site else str(self.kind)

    @property
    def label(self) -> str:
        if self.kind == CapacityKind.RESIDENT:
            return "Resident (personal view)" if self.personal_view else "Resident"
        if self.site is None:
            return CapacityKind(self.kind).label
        council = self.site.council_name
        return {
            CapacityKind.OFFICER: f"Officer of {council}",
            CapacityKind.ELECTED_MEMBER: f"Elected member for {council}",
            CapacityKind.AMBASSADOR: f"Community ambassador, {self.site.name}",
            CapacityKind.CONTENT_PROVIDER: f"Local group or organisation, {self.site.name}",
        }[CapacityKind(self.kind)]

    @property
    def meaning(self) -> str:
        """What choosing it means, said beside the choice."""
        if self.kind == CapacityKind.RESIDENT:
            return (
                "your own view, not your organisation's; shown as a personal view"
                if self.personal_view
                else "your own view"
            )
        return {
            CapacityKind.OFFICER: "for the council: shown as its official voice",
            CapacityKind.ELECTED_MEMBER: "as a councillor: shown as an official voice",
            CapacityKind.AMBASSADOR: "as one of the site's community ambassadors",
            CapacityKind.CONTENT_PROVIDER: "for the publication you run",
            CapacityKind.COORDINATOR: "for the programme: shown as its official voice",
            CapacityKind.CRITICAL_FRIEND: "as the programme's critical friend",
        }[CapacityKind(self.kind)]


# Capacities that speak for an institution: shown apart from personal views, in words too.
OFFICIAL_KINDS = frozenset(
    {CapacityKind.OFFICER, CapacityKind.ELECTED_MEMBER, CapacityKind.COORDINATOR}
)


def capacities_from_grants(grants: Iterable[RoleGrant]) -> list[Capacity]:
    """Capacities for a set of active grants; "resident" always comes first."""
    official: list[Capacity] = []
    for grant in sorted(grants, key=lambda g: (g.site.name if g.site else "", g.role)):
        capacity = Capacity(kind=_KIND_FOR_ROLE[Role(grant.role)], site=grant.site)
        if capacity not in official:
            official.append(capacity)
    return [Capacity(CapacityKind.RESIDENT, personal_view=bool(official)), *official]


def capacities_for(user: User | AnonymousUser) -> list[Capacity]:
    """The capacities `user` may speak in now. Anonymous people have none."""
    if not user.is_authenticated:
        return []
    grants = RoleGrant.objects.active().filter(user=user).select_related("site")
    return capacities_from_grants(grants)


def capacity_for_key(user: User, key: str) -> Capacity | None:
    """The capacity behind a form value, if `user` holds it now; otherwise None."""
    return next((c for c in capacities_for(user) if c.key == key), None)


class SpokenCapacity(models.Model):
    """Fields that record, at the time of speaking, the capacity someone spoke in.

    Stored rather than derived, so a later change of role never rewrites what
    a comment or post said about its author.
    """

    capacity_kind = models.CharField("capacity", max_length=20, choices=CapacityKind)
    capacity_site = models.ForeignKey(
        PilotSite, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    capacity_label = models.CharField(max_length=200)

    class Meta:
        abstract = True

    @property
    def is_official_voice(self) -> bool:
        return self.capacity_kind in OFFICIAL_KINDS

    def set_capacity(self, capacity: Capacity) -> None:
        self.capacity_kind = capacity.kind
        self.capacity_site = capacity.site
        self.capacity_label = capacity.label
