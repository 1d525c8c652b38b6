"""Who may do what with workshops. Views, templates and the briefing pack ask here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from programme import permissions as programme_permissions
from programme.models import PilotSite, Role

from .models import ACTIVE_STATUSES, Access, Invitation, Registration, Workshop, WorkshopStatus

AnyUser = programme_permissions.AnyUser

# The council's own people at a site: they see its internal workshops (to register for them).
SITE_TEAM_ROLES = frozenset({Role.SITE_LEAD, Role.OFFICER, Role.ELECTED_MEMBER})


def team_sites(user: AnyUser) -> set[int]:
    """The sites where the person is one of the council's own people."""
    return {
        g.site_id
        for g in programme_permissions.active_grants(user)
        if g.role in SITE_TEAM_ROLES and g.site_id is not None
    }


def not_public_but_theirs(user: AnyUser) -> Q:
    """Which of the workshops that are not public (invitation-only, internal) the person may
    see: those at their own council, those they are invited to, have a place at or run.
    Coordinators see every one. With `Workshop.objects.public()` this is the whole rule for
    lists; `may_see` is the same rule for one workshop."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if programme_permissions.is_coordinator(user):
        return Q()
    return (
        Q(site__in=team_sites(user))
        | Q(pk__in=Invitation.objects.filter(person=user).values("workshop"))
        | Q(
            pk__in=Registration.objects.filter(person=user, status__in=ACTIVE_STATUSES).values(
                "workshop"
            )
        )
        | Q(pk__in=Workshop.facilitators.through.objects.filter(user=user).values("workshop"))
    )


def may_see(user: AnyUser, workshop: Workshop) -> bool:
    """Public workshops are for anyone; the rest for the people `not_public_but_theirs` names."""
    if workshop.is_public:
        return True
    if workshop.is_draft:
        return can_manage(user, workshop)
    if not user.is_authenticated:
        return False
    return (
        programme_permissions.is_coordinator(user)
        or workshop.site_id in team_sites(user)
        or is_facilitator(user, workshop)
        or is_invited(user, workshop)
        or workshop.registrations.filter(person=user, status__in=ACTIVE_STATUSES).exists()
    )


def can_manage_workshops_at(user: AnyUser, site: PilotSite) -> bool:
    """Coordinators plan workshops everywhere; site leads at their own site."""
    return programme_permissions.is_coordinator(user) or programme_permissions.leads_site(
        user, site
    )


def sees_workshop_table(user: AnyUser) -> bool:
    """The staff table of workshops (filters, drafts, a CSV) is for people with a role in the
    programme; residents get the list of what is coming up."""
    return programme_permissions.holds_any_role(user)


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


def can_read_outcome_notes(user: AnyUser, workshop: Workshop) -> bool:
    """An outcome's internal notes and decisions: the people running the workshop."""
    return can_take_attendance(user, workshop)


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
    """A workshop by slug. Drafts are 404 to anyone who may not plan them, invitation-only and
    internal ones to anyone they are not for (`may_see`); writing needs planning rights."""
    workshop = get_object_or_404(Workshop.objects.select_related("site"), slug=slug)
    manager = can_manage(user, workshop)
    if workshop.status == WorkshopStatus.DRAFT and not manager:
        raise Http404
    if not manager and not may_see(user, workshop):
        raise Http404
    if write and not manager:
        if not user.is_authenticated:
            raise Http404
        raise PermissionDenied
    return workshop


def get_workshop_for_poster(slug: str) -> Workshop:
    """A workshop for its poster: only one anyone may see and come to (`Workshop.is_public`);
    404 for the rest, whoever asks, as a poster is for a noticeboard."""
    return get_object_or_404(Workshop.objects.public().select_related("site"), slug=slug)


def can_print_posters(user: AnyUser, workshop: Workshop) -> bool:
    """People who spread the word for the workshop's site are offered its poster and flyers."""
    return workshop.is_public and programme_permissions.can_share_for(user, workshop.site)
