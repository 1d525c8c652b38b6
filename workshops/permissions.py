"""Who may do what with workshops. Views, templates and the briefing pack ask here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from programme import permissions as programme_permissions
from programme.models import PilotSite

from .models import Access, Invitation, Registration, Workshop, WorkshopStatus

AnyUser = programme_permissions.AnyUser


def can_manage_workshops_at(user: AnyUser, site: PilotSite) -> bool:
    """Coordinators plan workshops everywhere; site leads at their own site."""
    return programme_permissions.is_coordinator(user) or programme_permissions.leads_site(
        user, site
    )


def can_plan_any_workshop(user: AnyUser) -> bool:
    return programme_permissions.is_coordinator(user) or bool(
        programme_permissions.sites_led_by(user)
    )


def can_manage(user: AnyUser, workshop: Workshop) -> bool:
    return can_manage_workshops_at(user, workshop.site)


def is_facilitator(user: AnyUser, workshop: Workshop) -> bool:
    if not user.is_authenticated:
        return False
    return user.pk in workshop.facilitator_ids


def can_take_attendance(user: AnyUser, workshop: Workshop) -> bool:
    return is_facilitator(user, workshop) or can_manage(user, workshop)


def can_get_briefing_pack(user: AnyUser, workshop: Workshop) -> bool:
    """Coordinators, the site's lead and the workshop's facilitators."""
    return can_take_attendance(user, workshop)


def can_see_attendee_needs(user: AnyUser, workshop: Workshop) -> bool:
    """Accessibility and dietary needs are for the people running the room: the facilitators."""
    return is_facilitator(user, workshop)


def can_change_needs(user: AnyUser, registration: Registration) -> bool:
    """A person may change the needs on their own active place until the workshop ends."""
    return (
        user.is_authenticated
        and registration.person_id == user.pk
        and registration.is_active
        and not registration.workshop.has_ended
    )


def is_invited(user: AnyUser, workshop: Workshop) -> bool:
    return bool(
        user.is_authenticated and Invitation.objects.filter(workshop=workshop, person=user).exists()
    )


def may_register(user: AnyUser, workshop: Workshop) -> bool:
    """Open workshops take anyone (guests by email); invitation-only ones take invitees."""
    if workshop.access == Access.INVITATION:
        return is_invited(user, workshop)
    return True


def get_workshop_for_user(user: AnyUser, slug: str, *, write: bool = False) -> Workshop:
    """A workshop by slug. Drafts are 404 to anyone who may not plan them; writing needs planning rights."""
    workshop = get_object_or_404(Workshop.objects.select_related("site"), slug=slug)
    manager = can_manage(user, workshop)
    if workshop.status == WorkshopStatus.DRAFT and not manager:
        raise Http404
    if write and not manager:
        if not user.is_authenticated:
            raise Http404
        raise PermissionDenied
    return workshop
