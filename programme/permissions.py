"""Who may do what in programme/. Views, templates and the admin all ask here.

Role look-ups read the person's active grants once per request and cache
them on the user object, so a page asking many questions costs one query.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from . import hooks
from .models import (
    PROGRAMME_ROLES,
    ActionItem,
    ModeratedContent,
    PilotSite,
    Role,
    RoleGrant,
    ShareCode,
    SignOffRole,
    Update,
    User,
)

AnyUser = User | AnonymousUser
_CACHE = "_active_role_grants"


def active_grants(user: AnyUser) -> list[RoleGrant]:
    """The person's active role grants, read once and kept on the user object.

    An account whose email address is not confirmed holds no role, whatever was
    granted to it: rights follow confirmed addresses only.
    """
    if not user.is_authenticated or not user.is_confirmed:
        return []
    if not hasattr(user, _CACHE):
        grants = RoleGrant.objects.active().filter(user=user).select_related("site")
        setattr(user, _CACHE, list(grants))
    return getattr(user, _CACHE)


def has_role(user: AnyUser, role: Role, site: PilotSite | None = None) -> bool:
    """True if the person holds `role` (at `site`, when given)."""
    return any(
        g.role == role and (site is None or g.site_id == site.pk) for g in active_grants(user)
    )


def is_coordinator(user: AnyUser) -> bool:
    """Coordinators run the programme; superusers count as coordinators."""
    return bool(user.is_authenticated and user.is_confirmed and user.is_superuser) or has_role(
        user, Role.COORDINATOR
    )


def is_critical_friend(user: AnyUser) -> bool:
    return has_role(user, Role.CRITICAL_FRIEND)


def holds_any_role(user: AnyUser) -> bool:
    """Anyone with a programme or site role: the people who run the pilot together."""
    return is_coordinator(user) or bool(active_grants(user))


def sites_led_by(user: AnyUser) -> set[int]:
    return {
        g.site_id for g in active_grants(user) if g.role == Role.SITE_LEAD and g.site_id is not None
    }


def can_use_admin(user: AnyUser) -> bool:
    """The back office is for staff and coordinators."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_staff or is_coordinator(user))
    )


def can_manage_account(user: AnyUser, account: User) -> bool:
    """Who changes an account in the back office (its password, address, flags, roles).

    Only a superuser touches a staff or superuser account: a coordinator who could
    reset a superuser's password or address could become one.
    """
    if not is_coordinator(user):
        return False
    return bool(user.is_superuser) or not (account.is_staff or account.is_superuser)


def may_grant(actor: AnyUser, account: User, role: Role) -> bool:
    """Whether `actor` may give `account` this role (or take it away).

    Never above the actor's own standing: programme-wide roles come from
    coordinators, and a staff or superuser account's roles only from a superuser.
    Site roles are given by the flows that own them (onboarding, the back office).
    """
    if (account.is_staff or account.is_superuser) and not actor.is_superuser:
        return False
    return role not in PROGRAMME_ROLES or is_coordinator(actor)


def can_manage_roles(user: AnyUser) -> bool:
    """Only coordinators grant and revoke roles."""
    return is_coordinator(user)


def can_see_programme_dashboard(user: AnyUser) -> bool:
    """Coordinators, critical friends (who read everything) and site leads."""
    return is_coordinator(user) or is_critical_friend(user) or bool(sites_led_by(user))


def can_see_site_profile(user: AnyUser, site: PilotSite) -> bool:
    """Coordinators and critical friends see every site; anyone with a role at a site sees it."""
    return (
        is_coordinator(user)
        or is_critical_friend(user)
        or any(g.site_id == site.pk for g in active_grants(user))
    )


def leads_site(user: AnyUser, site: PilotSite) -> bool:
    return site.pk in sites_led_by(user)


def get_site_for_user(user: AnyUser, slug: str, *, write: bool = False) -> PilotSite:
    """A pilot site's programme profile, for those who may see it (write: lead it).

    Raises Http404 for an unknown site and PermissionDenied for anyone else.
    Callers send anonymous people to sign in first (`login_required`).
    """
    site = get_object_or_404(PilotSite, slug=slug)
    allowed = (
        (is_coordinator(user) or leads_site(user, site))
        if write
        else can_see_site_profile(user, site)
    )
    if not allowed:
        raise PermissionDenied
    return site


# Meetings and actions -------------------------------------------------------


def can_see_meetings(user: AnyUser) -> bool:
    """Project meetings are internal to the people running the pilot."""
    return holds_any_role(user)


def can_manage_meetings(user: AnyUser) -> bool:
    return is_coordinator(user)


def can_raise_action(user: AnyUser, site: PilotSite | None = None) -> bool:
    """Coordinators raise any action; site leads raise actions for their own site."""
    return is_coordinator(user) or (site is not None and leads_site(user, site))


def can_update_action(user: AnyUser, action: ActionItem) -> bool:
    """An action's owner, the lead of its site, or a coordinator moves it on."""
    if not user.is_authenticated:
        return False
    return (
        action.owner_id == user.pk
        or is_coordinator(user)
        or (action.site_id is not None and action.site_id in sites_led_by(user))
    )


def can_see_all_actions(user: AnyUser) -> bool:
    return is_coordinator(user) or is_critical_friend(user)


def can_see_action(user: AnyUser, action: ActionItem) -> bool:
    """Those who move it on, and those who see every action; to anyone else it is not there."""
    return can_update_action(user, action) or can_see_all_actions(user)


def has_own_actions(user: AnyUser) -> bool:
    """The "my actions" page is for everyone with a role."""
    return holds_any_role(user)


# Updates and moderation -----------------------------------------------------


def can_write_updates(user: AnyUser) -> bool:
    return is_coordinator(user)


def can_reply(user: AnyUser, update: Update) -> bool:
    return bool(user.is_authenticated and user.is_active and update.is_published)


def can_report(user: AnyUser, target: ModeratedContent) -> bool:
    """Anyone signed in reports what others wrote and can see (not their own, not what is
    already hidden)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and target.is_visible
        and target.is_visible_to(user)
        and getattr(target.moderation_author(), "pk", None) != user.pk
    )


def can_withdraw(user: AnyUser, target: ModeratedContent) -> bool:
    """Only the author takes back what they wrote (the one rule: the withdraw button asks
    it too, through the `may_withdraw` filter)."""
    author_id = target.moderation_author_id()
    return bool(user.is_authenticated and author_id is not None and author_id == user.pk)


def can_moderate(user: AnyUser, target: ModeratedContent) -> bool:
    """Coordinators moderate everything; ambassadors moderate their site's content.

    Content that belongs to no site (programme updates) may be moderated by any ambassador,
    unless a higher app pauses their rights (the `ambassador_may_moderate` hook).
    """
    if is_coordinator(user):
        return True
    site = target.moderation_site()
    if site is not None and leads_site(user, site):
        return True  # a site lead works their own site's moderation queue
    holds = any(
        g.role == Role.AMBASSADOR and (site is None or g.site_id == site.pk)
        for g in active_grants(user)
    )
    return holds and all(may(user, site) for may in hooks.ambassador_may_moderate.implementations())


def can_see_moderation_queue(user: AnyUser) -> bool:
    return is_coordinator(user) or has_role(user, Role.AMBASSADOR) or bool(sites_led_by(user))


# Social web audit -----------------------------------------------------------


def can_see_audit(user: AnyUser) -> bool:
    """The audit is read by everyone running the pilot."""
    return holds_any_role(user)


def can_edit_audit(user: AnyUser, site: PilotSite) -> bool:
    """Site leads edit their own site's audit; coordinators edit all."""
    return is_coordinator(user) or leads_site(user, site)


def audit_sites_editable_by(user: AnyUser) -> QuerySet[PilotSite]:
    if is_coordinator(user):
        return PilotSite.objects.all()
    return PilotSite.objects.filter(pk__in=sites_led_by(user))


# Readiness and going live ---------------------------------------------------


def can_change_build_stage(user: AnyUser, site: PilotSite) -> bool:
    return is_coordinator(user) or leads_site(user, site)


def can_sign_off(user: AnyUser, site: PilotSite, role: SignOffRole) -> bool:
    """The site lead signs for their site, a coordinator for the programme."""
    if role == SignOffRole.SITE_LEAD:
        return leads_site(user, site)
    return is_coordinator(user)


# Evaluation ---------------------------------------------------------------


def can_manage_surveys(user: AnyUser) -> bool:
    return is_coordinator(user)


def can_see_survey_results(user: AnyUser) -> bool:
    return is_coordinator(user) or is_critical_friend(user) or bool(sites_led_by(user))


# Reach: share codes and the counts --------------------------------------------


def can_share_for(user: AnyUser, site: PilotSite) -> bool:
    """Anyone with a role at the site spreads the word (ambassadors first of all);
    coordinators share for every site."""
    return is_coordinator(user) or any(g.site_id == site.pk for g in active_grants(user))


def can_revoke_share_code(user: AnyUser, code: ShareCode) -> bool:
    own = code.person_id is not None and code.person_id == getattr(user, "pk", None)
    return own or is_coordinator(user) or leads_site(user, code.site)


def sees_reach_of_every_site(user: AnyUser) -> bool:
    return is_coordinator(user) or is_critical_friend(user)


def can_see_reach(user: AnyUser, site: PilotSite | None = None) -> bool:
    """Coordinators and critical friends see every site's reach; a site lead sees their own."""
    if sees_reach_of_every_site(user):
        return True
    led = sites_led_by(user)
    return bool(led) if site is None else site.pk in led
