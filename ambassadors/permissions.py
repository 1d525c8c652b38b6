"""Who may do what in ambassador recruitment."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from programme import permissions as programme_permissions
from programme.models import PilotSite, Role

from .models import Application
from .models.applications import ApplicationQuerySet

AnyUser = programme_permissions.AnyUser


def can_recruit_at(user: AnyUser, site: PilotSite) -> bool:
    """Coordinators recruit everywhere; site leads at their own site only."""
    return programme_permissions.is_coordinator(user) or programme_permissions.leads_site(
        user, site
    )


def can_see_pipeline(user: AnyUser) -> bool:
    return programme_permissions.is_coordinator(user) or bool(
        programme_permissions.sites_led_by(user)
    )


def can_edit_onboarding(user: AnyUser) -> bool:
    """Coordinators write the onboarding checklist every ambassador works through; site leads
    follow their ambassadors' progress but do not change the checklist for every site."""
    return programme_permissions.is_coordinator(user)


def has_application_in_progress(user: AnyUser) -> bool:
    """The person has an open application (applied, in the pipeline, onboarding, active or
    paused). Read once per request and kept on the user object: the header asks on every page."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_ambassador_application_open", None)
    if cached is None:
        cached = Application.objects.open().filter(person_id=user.pk).exists()
        user._ambassador_application_open = cached  # type: ignore[attr-defined]  # a cache, not a field
    return cached


def may_apply(user: AnyUser) -> bool:
    """Who is offered "Become an ambassador": not those who run recruitment, not ambassadors,
    and not anyone whose application is already under way (they have their own page)."""
    return not (
        can_see_pipeline(user)
        or programme_permissions.has_role(user, Role.AMBASSADOR)
        or has_application_in_progress(user)
    )


def applications_for(user: AnyUser) -> ApplicationQuerySet:
    applications = Application.objects.all()
    if not programme_permissions.is_coordinator(user):
        applications = applications.filter(site__in=programme_permissions.sites_led_by(user))
    return applications


def get_application_for_user(user: AnyUser, pk: int) -> Application:
    """An application the person may manage: 404 for one they may not see (never leak who applied)."""
    application = get_object_or_404(Application.objects.select_related("site", "person"), pk=pk)
    if not can_recruit_at(user, application.site):
        if can_see_pipeline(user):
            raise Http404  # another site's applicant: as if it did not exist
        raise PermissionDenied
    return application


# The share kit ------------------------------------------------------------------


def sites_to_share_for(user: AnyUser) -> list[PilotSite]:
    """The sites the person spreads the word for (programme.permissions.can_share_for):
    every site for a coordinator, else the sites of their roles; by name."""
    if programme_permissions.is_coordinator(user):
        return list(PilotSite.objects.order_by("name"))
    sites = {g.site_id: g.site for g in programme_permissions.active_grants(user) if g.site}
    return sorted(
        (site for site in sites.values() if programme_permissions.can_share_for(user, site)),
        key=lambda site: site.name,
    )


def can_share(user: AnyUser) -> bool:
    """Anyone with a role at a site (ambassadors first of all) has a share kit."""
    return bool(sites_to_share_for(user))


def get_site_to_share_for(user: AnyUser, slug: str) -> PilotSite:
    """A site the person may share for; 404 for any other (unknown, or another site's)."""
    site = PilotSite.objects.filter(slug=slug).first()
    if site is None or not programme_permissions.can_share_for(user, site):
        raise Http404
    return site


def can_use_site_code(user: AnyUser, site: PilotSite) -> bool:
    """The site's own code (the council's accounts and posters) is for its lead and the
    coordinators, who may also revoke it."""
    return programme_permissions.is_coordinator(user) or programme_permissions.leads_site(
        user, site
    )
