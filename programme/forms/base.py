from __future__ import annotations

from crispy_forms.helper import FormHelper


class CrispyMixin:
    """Render through crispy-forms inside our own <form> tag (see includes/form.html)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        for field in self.fields.values():
            if not field.required and field.label and "(optional)" not in str(field.label):
                field.label = f"{field.label} (optional)"
