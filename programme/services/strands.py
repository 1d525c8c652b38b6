"""Strands of work and the people in strand roles."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from programme.platform.errors import NotAllowed, ProgrammeError

from .. import permissions
from ..models import PilotSite, Strand, StrandMember, StrandRole, User
from .activity import log_activity


@transaction.atomic
def add_strand(*, actor: User, name: str, slug: str, description: str = "") -> Strand:
    if not permissions.is_coordinator(actor):
        raise NotAllowed("Only coordinators add strands.")
    if (
        Strand.objects.filter(slug=slug).exists()
        or Strand.objects.filter(name__iexact=name.strip()).exists()
    ):
        raise ProgrammeError("There is already a strand with that name.", "strand_exists")
    strand = Strand.objects.create(name=name.strip(), slug=slug, description=description)
    log_activity(
        actor=actor,
        action="programme.strand.added",
        summary=f"Strand “{strand}” added",
        target=strand,
    )
    return strand


@transaction.atomic
def assign_strand_role(
    *,
    actor: User | None,
    strand: Strand,
    user: User,
    role: StrandRole | str,
    site: PilotSite | None = None,
) -> StrandMember:
    """Give someone a role on a strand. A new lead replaces the current one."""
    if actor is not None and not permissions.is_coordinator(actor):
        raise NotAllowed("Only coordinators assign strand roles.")
    role = StrandRole(role)
    if role == StrandRole.SITE_CONTACT and site is None:
        raise ProgrammeError("A site contact needs a site.", "role_needs_site")
    current = StrandMember.objects.current().filter(strand=strand, user=user, role=role, site=site)
    if current.exists():
        raise ProgrammeError(f"{user} already has that role on {strand}.", "already_held")
    if role == StrandRole.LEAD:
        StrandMember.objects.current().filter(strand=strand, role=StrandRole.LEAD).update(
            ended_at=timezone.now()
        )
    try:
        with transaction.atomic():
            member = StrandMember.objects.create(strand=strand, user=user, role=role, site=site)
    except IntegrityError as error:
        raise ProgrammeError(
            "Someone else changed this strand at the same time; try again.", "conflict"
        ) from error
    log_activity(
        actor=actor,
        action="programme.strand.role_assigned",
        summary=f"{user} became {role.label.lower()} of {strand}",
        target=member,
        site=site,
    )
    return member


@transaction.atomic
def end_strand_role(*, actor: User | None, member: StrandMember) -> StrandMember:
    if actor is not None and not permissions.is_coordinator(actor):
        raise NotAllowed("Only coordinators change strand roles.")
    member = StrandMember.objects.select_for_update().get(pk=member.pk)
    if member.ended_at is not None:
        raise ProgrammeError("That role has already ended.", "already_ended")
    member.ended_at = timezone.now()
    member.save(update_fields=["ended_at"])
    log_activity(
        actor=actor,
        action="programme.strand.role_ended",
        summary=f"{member} ended",
        target=member,
        site=member.site,
    )
    return member
