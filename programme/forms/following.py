"""Following a site, a consultation or a discussion."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import Cadence
from .base import CrispyMixin


class FollowForm(CrispyMixin, forms.Form):
    """Signed in, one click (how often, at its default); a visitor also gives an address."""

    target = forms.CharField(widget=forms.HiddenInput, max_length=500)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address: we send a link there to confirm it",
            "invalid": "Enter an email address like name@example.com",
        },
    )
    cadence = forms.ChoiceField(
        label="How often",
        choices=Cadence.choices,
        initial=Cadence.IMMEDIATE,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose how often we write"},
    )

    def __init__(self, *args: Any, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]


class CadenceForm(forms.Form):
    cadence = forms.ChoiceField(
        label="How often",
        choices=Cadence.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose how often we write"},
    )
