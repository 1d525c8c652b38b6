"""The town hall sites in the back office: name, tagline, colour, logo, own host name, policy."""

from __future__ import annotations

from django.contrib import admin

from programme.admin import LoggedSaveMixin, ReadOnlyAdmin

from .models import Complaint, TownhallSite


@admin.register(TownhallSite)
class TownhallSiteAdmin(LoggedSaveMixin, admin.ModelAdmin):
    action_prefix = "townhall.site"
    list_display = ["name", "pilot_site", "hostname", "colour"]
    search_fields = ["name", "hostname"]

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["post", "complainant", "created_at"]
    search_fields = ["text"]
