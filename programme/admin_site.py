"""The back office: Django's admin, opened to coordinators, and guarded against hostile
input in every model admin registered on it, ours and other packages' alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from programme.platform.text import record_id

from . import permissions
from .forms.accounts import refuse_overlong_address
from .models import User

# Longer than any name or address searched for; SQLite refuses a LIKE pattern of 50,000
# bytes outright ("LIKE or GLOB pattern too complex", a 500).
LONGEST_SEARCH = 255


class BackOfficeAuthenticationForm(AdminAuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        refuse_overlong_address(self)

    def confirm_login_allowed(self, user: User) -> None:
        if not permissions.can_use_admin(user):
            raise forms.ValidationError(
                "This account cannot use the back office. Sign in on the main site instead.",
                code="invalid_login",
            )


class _OnlyIds:
    """An autocomplete keeps, of what was sent, only what could be an id: re-showing a
    refused form looked the rest up ("x" a ValueError, 20 digits an OverflowError)."""

    field: Any

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        if isinstance(self.field.target_field, models.IntegerField):
            value = [v for v in value if v in ("", None) or record_id(v) is not None]
        return super().optgroups(name, value, attr)  # type: ignore[misc]


class IdsAutocompleteSelect(_OnlyIds, AutocompleteSelect):
    pass


class IdsAutocompleteSelectMultiple(_OnlyIds, AutocompleteSelectMultiple):
    pass


class HostileInputGuard(admin.ModelAdmin):
    """Mixed into every model admin the back office registers (see `register`)."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if len(search_term) > LONGEST_SEARCH:
            self.message_user(
                request,
                f"Search for at most {LONGEST_SEARCH} characters: nothing is that long.",
                messages.ERROR,
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = IdsAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = IdsAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ProgrammeAdminSite(admin.AdminSite):
    site_header = "Virtual Town Hall back office"
    site_title = "Virtual Town Hall back office"
    index_title = "Programme administration"
    login_form = BackOfficeAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)

    def register(
        self,
        model_or_iterable: type[models.Model] | Iterable[type[models.Model]],
        admin_class: type[admin.ModelAdmin] | None = None,
        **options: Any,
    ) -> None:
        """Every model admin, other packages' too (auth's groups, django-axes' attempts),
        gets the guard against hostile input: one place, so no admin can miss it."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, HostileInputGuard):
            admin_class = type(
                admin_class.__name__,
                (HostileInputGuard, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
