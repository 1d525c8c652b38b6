from __future__ import annotations

from django import forms

from ..models import DemocraticAction, PilotSite, RoundKind
from .base import CrispyMixin


class SurveyAnswerForm(CrispyMixin, forms.Form):
    actions = forms.MultipleChoiceField(
        label="In the last 12 months, which of these have you done?",
        choices=DemocraticAction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick all that apply. Leave them all unticked if none apply: that is a useful answer too.",
    )


class OpenRoundForm(CrispyMixin, forms.Form):
    site = forms.ModelChoiceField(queryset=PilotSite.objects.all())
    kind = forms.ChoiceField(label="Round", choices=RoundKind.choices)


class MakeLinksForm(CrispyMixin, forms.Form):
    count = forms.IntegerField(label="How many links", min_value=1, max_value=500, initial=20)
