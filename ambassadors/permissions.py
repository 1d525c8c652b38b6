"""Who may do what in ambassador recruitment."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from programme import permissions as programme_permissions
from programme.models import PilotSite

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
