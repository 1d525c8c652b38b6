from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.forms.utils import pretty_name
from django.http import HttpRequest, QueryDict


class CrispyMixin:
    """Render through crispy-forms inside our own <form> tag (see includes/form.html)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for name, field in self.fields.items():
            label = field.label or pretty_name(name)
            if (
                not field.required
                and not isinstance(field.widget, forms.HiddenInput)
                and "(optional)" not in str(label)
            ):
                field.label = f"{label} (optional)"


def posted(request: HttpRequest) -> QueryDict | None:
    """The data a form is bound to: what was posted, even nothing at all.

    `request.POST or None` reads an empty post as no post, so a form sent empty came
    back unbound, without a word about what was missing.
    """
    return request.POST if request.method == "POST" else None
