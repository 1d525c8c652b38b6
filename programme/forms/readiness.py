from __future__ import annotations

from typing import Any

from django import forms

from ..models import BuildStage
from .base import CrispyMixin, choice_field


def _stage_choices(current: str = "") -> list[tuple[str, str]]:
    # No stage is chosen beforehand: one stray click must not move a site.
    return [
        ("", "Choose a stage"),
        *((s.value, s.label) for s in BuildStage if s not in (BuildStage.LIVE, current)),
    ]


class BuildStageForm(CrispyMixin, forms.Form):
    stage = forms.ChoiceField(
        label="New build stage",
        choices=_stage_choices(),
        help_text="Going live needs the sign-offs below instead.",
        error_messages={"required": "Choose the stage the site moves to"},
    )
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args: Any, current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stage").choices = _stage_choices(current)


class TakeOfflineForm(CrispyMixin, forms.Form):
    stage = forms.ChoiceField(
        label="Back to",
        choices=[
            ("", "Choose a stage"),
            *((s.value, s.label) for s in BuildStage if s != BuildStage.LIVE),
        ],
        error_messages={"required": "Choose the stage the site goes back to"},
    )
    reason = forms.CharField(
        label="Why it is going offline",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Kept in the site's history, for the team.",
        error_messages={"required": "Say why the site is going offline"},
    )


class SignOffForm(CrispyMixin, forms.Form):
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
