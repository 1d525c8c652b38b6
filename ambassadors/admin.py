"""The back office: coordinators edit the menu of tasks and the onboarding template; applications are read here."""

from __future__ import annotations

from django.contrib import admin

from programme.admin import LoggedSaveMixin, ReadOnlyAdmin

from .models import Application, OnboardingItem, Task


@admin.register(Task)
class TaskAdmin(LoggedSaveMixin, admin.ModelAdmin):
    action_prefix = "ambassadors.task"
    list_display = ["name", "needs_safeguarding", "position", "offered"]
    list_editable = ["position", "offered"]


@admin.register(OnboardingItem)
class OnboardingItemAdmin(LoggedSaveMixin, admin.ModelAdmin):
    action_prefix = "ambassadors.onboarding_item"
    list_display = ["label", "kind", "position", "expires_after_months"]
    list_editable = ["position"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "site", "stage", "stage_changed_at"]
    list_filter = ["site", "stage"]
    search_fields = ["full_name", "email"]
