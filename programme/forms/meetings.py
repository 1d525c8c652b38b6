from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from ..models import ActionItem, ActionStatus, Meeting, PilotSite
from .base import CrispyMixin, model_field
from .people import PeopleField, PersonField


class MeetingForm(CrispyMixin, forms.ModelForm):
    attendees = PeopleField(required=False)
    sites = forms.ModelMultipleChoiceField(
        queryset=PilotSite.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sites represented",
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "attendees",
            "sites",
            "agenda",
            "minutes",
            "decisions",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The meeting must end after it starts.")
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", "Say where the meeting is, or give an online link.")
        return data


class ActionForm(CrispyMixin, forms.ModelForm):
    owner = PersonField()

    class Meta:
        model = ActionItem
        fields = ["title", "owner", "site", "due_on", "notes"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, sites: QuerySet[PilotSite] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sites is not None:
            model_field(self, "site").queryset = sites


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
