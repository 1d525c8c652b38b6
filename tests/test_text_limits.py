"""Every text people type has a limit (#24, finding 4): each form field for text in the
five apps, and each text column they fill through a form (so the back office's forms
have one too). Text without a limit once let 30,000 ">" into a workshop's objectives,
and every page, calendar and PDF that showed them paid for it."""

import importlib
import inspect
import pkgutil
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.forms import UsernameField
from django.db import models

APPS = ("programme", "policy_drafts", "workshops", "ambassadors", "townhall")

# Text typed in a form and not stored as typed, or bounded another way.
NOT_STORED = {
    # The honeypot people never see: only whether it is empty is read.
    "ambassadors.forms.ApplicationForm.website",
}
# Text columns no one types into.
NOT_TYPED = {
    "programme.OutgoingEmail.last_error",  # the mail server's answer
    "townhall.AggregatedItem.summary",  # a feed's, cut to 10,000 characters when fetched
}


def _form_classes() -> set[type[forms.Form] | type[forms.ModelForm[Any]]]:
    found = set()
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
                if issubclass(cls, (forms.Form, forms.ModelForm)) and cls.__module__.startswith(
                    app
                ):
                    found.add(cls)
    return found


def test_every_text_field_of_every_form_has_a_limit():
    unbounded = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        and not isinstance(field.widget, forms.PasswordInput)  # hashed, never shown
        and not isinstance(field, UsernameField)  # the account's limit, set as it is made
    ]
    assert sorted(set(unbounded) - NOT_STORED) == []


def test_every_text_column_people_type_into_has_a_limit():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in APPS
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and field.editable and field.max_length is None
    ]
    assert sorted(set(unbounded) - NOT_TYPED) == []
