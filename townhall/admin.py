"""The town hall sites in the back office: name, tagline, colour, logo, own host name, policy."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from programme.admin import LoggedSaveMixin, ReadOnlyAdmin

from .models import Complaint, TownhallSite
from .services import bump_cache


@admin.register(TownhallSite)
class TownhallSiteAdmin(LoggedSaveMixin, admin.ModelAdmin):
    action_prefix = "townhall.site"
    list_display = ["name", "pilot_site", "hostname", "colour"]
    search_fields = ["name", "hostname"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        bump_cache(obj)  # its name, tagline or colour shows on every cached page


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["post", "complainant", "created_at"]
    search_fields = ["text"]
