from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest

from . import permissions
from .models import User


class BackOfficeAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user: User) -> None:
        if not permissions.can_use_admin(user):
            raise forms.ValidationError(
                "This account cannot use the back office. Sign in on the main site instead.",
                code="invalid_login",
            )


class ProgrammeAdminSite(admin.AdminSite):
    site_header = "Virtual Town Hall back office"
    site_title = "Virtual Town Hall back office"
    index_title = "Programme administration"
    login_form = BackOfficeAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)
