"""The back office: coordinators edit the menu of tasks and the onboarding template; applications are read here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from programme.admin import LoggedSaveMixin, ReadOnlyAdmin
from programme.http import signed_in_user

from . import permissions, services
from .models import Application, OnboardingItem, Task


@admin.register(Task)
class TaskAdmin(LoggedSaveMixin, admin.ModelAdmin):
    action_prefix = "ambassadors.task"
    list_display = ["name", "needs_safeguarding", "position", "offered"]
    list_editable = ["position", "offered"]


class OnboardingItemForm(forms.ModelForm):
    class Meta:
        model = OnboardingItem
        fields = ["kind", "label", "text", "link", "link_label", "position", "expires_after_months"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "label": {
                "required": 'Give the step a short name, e.g. "Attend an induction workshop".'
            },
            "kind": {"required": "Choose what kind of step this is."},
            "text": {
                "max_length": "Keep the text to %(limit_value)d characters or fewer "
                "(it has %(show_value)d): link to the full version instead."
            },
        }


@admin.register(OnboardingItem)
class OnboardingItemAdmin(LoggedSaveMixin, admin.ModelAdmin):
    """The onboarding checklist: each item's name, the text beside its tick box and its link.
    Saved through `services.save_onboarding_item`, which checks the link and logs the change."""

    action_prefix = "ambassadors.onboarding_item"
    form = OnboardingItemForm
    list_display = ["label", "kind", "link_label", "position", "expires_after_months"]
    list_editable = ["position"]
    fieldsets = [
        (None, {"fields": ["kind", "label", "position", "expires_after_months"]}),
        (
            "What the ambassador sees beside the tick box",
            {"fields": ["text", "link", "link_label"]},
        ),
    ]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.can_edit_onboarding(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return permissions.can_edit_onboarding(request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_onboarding_item(actor=signed_in_user(request), item=obj)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "site", "stage", "stage_changed_at"]
    list_filter = ["site", "stage"]
    search_fields = ["full_name", "email"]
