"""The town hall sites in the back office: name, tagline, colour, logo, own host name, policy."""

from __future__ import annotations

from django.contrib import admin

from programme.admin import LoggedSaveMixin, ReadOnlyAdmin

from .models import Complaint, TownhallSite
from .services import bump_cache


@admin.register(TownhallSite)
class TownhallSiteAdmin(LoggedSaveMixin, admin.ModelAdmin):
    action_prefix = "townhall.site"
    list_display = ["name", "pilot_site", "hostname", "colour"]
    search_fields = ["name", "hostname"]

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        bump_cache(obj)  # its name, tagline or colour shows on every cached page


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["post", "complainant", "created_at"]
    search_fields = ["text"]
