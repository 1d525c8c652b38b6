from __future__ import annotations

from django import forms

from ..models import BuildStage
from .base import CrispyMixin


class BuildStageForm(CrispyMixin, forms.Form):
    stage = forms.ChoiceField(
        label="New build stage",
        choices=[(s.value, s.label) for s in BuildStage if s != BuildStage.LIVE],
        help_text="Going live needs the sign-offs below instead.",
    )
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class SignOffForm(CrispyMixin, forms.Form):
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
