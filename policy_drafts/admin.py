"""Policy drafts in the back office: for reading and searching only.

Drafts are written on their own pages through the services; published
versions and their sections can never be changed, here or anywhere.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from programme.admin import ReadOnlyAdmin

from .models import Agreement, Comment, PolicyDraft, Section, Version


@admin.register(PolicyDraft)
class PolicyDraftAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "site", "opens_at", "closes_at"]
    list_filter = ["status", "site"]
    search_fields = ["title", "summary"]


class SectionInline(admin.TabularInline):
    model = Section
    fields = readonly_fields = ("position", "key", "heading", "body")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["draft", "number", "published_at", "published_by"]
    list_filter = ["draft"]
    inlines = [SectionInline]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = [
        "section",
        "author",
        "capacity_label",
        "stance",
        "suggestion_status",
        "created_at",
        "hidden_at",
    ]
    list_filter = [
        "stance",
        "capacity_kind",
        "suggestion_status",
        ("hidden_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["body", "quote", "author__email"]
    list_select_related = ["section", "author"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["person", "version", "agreed_at"]
    list_filter = ["version__draft"]
    search_fields = ["person__email", "person__full_name"]
