"""The town hall sites in the back office: name, tagline, colour, logo, own host name, policy."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from programme.admin import LoggedSaveMixin, ReadOnlyAdmin

from .models import Complaint, FeedState, TownhallSite
from .services import public_content_changed


@admin.register(TownhallSite)
class TownhallSiteAdmin(LoggedSaveMixin, admin.ModelAdmin):
    action_prefix = "townhall.site"
    list_display = ["name", "pilot_site", "hostname", "colour"]
    search_fields = ["name", "hostname"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        public_content_changed(obj)  # its name, tagline or colour shows on every cached page


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["post", "complainant", "created_at"]
    search_fields = ["text"]


@admin.register(FeedState)
class FeedStateAdmin(ReadOnlyAdmin):
    """What fetching each audit entry's feed last found, and what fetched it."""

    list_display = ["entry", "url", "healthy", "problem", "checked_at", "checked_by"]
    list_filter = ["healthy", "checked_by", "entry__site"]
    search_fields = ["entry__name", "url"]
    list_select_related = ["entry__site"]
