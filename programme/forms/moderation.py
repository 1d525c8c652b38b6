from __future__ import annotations

from typing import Any

from django import forms

from .base import CrispyMixin


class ReasonForm(CrispyMixin, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(
        self, *args: Any, label: str = "Reason", help_text: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text
