from __future__ import annotations

from django import forms

from ..capacities import Capacity
from ..models import Meeting, Update
from .base import CrispyMixin


class UpdateForm(CrispyMixin, forms.ModelForm):
    publish = forms.BooleanField(
        required=False,
        label="Publish now",
        help_text="Leave unticked to keep it as a draft only coordinators see.",
    )

    class Meta:
        model = Update
        fields = ["title", "body", "meeting"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.order_by("-starts_at")
        if self.instance.pk:
            self.fields["publish"].initial = self.instance.status == "published"
            self.fields["publish"].label = "Published"


class CapacityChoiceMixin:
    """A "speaking as" choice from the capacities the person holds now."""

    def set_capacities(self, capacities: list[Capacity]) -> None:
        field = self.fields["capacity"]  # type: ignore[attr-defined]
        # Each choice says what it means; with several, none is chosen for the person.
        field.choices = [(c.key, f"{c.label}: {c.meaning}") for c in capacities]
        field.error_messages["required"] = "Choose in what capacity you speak"
        if len(capacities) == 1:
            field.initial = capacities[0].key
            field.help_text = "You speak as a resident. Roles you hold would appear here too."
            # The only capacity they hold: a form sent without it (say, written before
            # signing in) speaks in that one rather than failing.
            field.required = False

    def clean_capacity(self) -> str:
        field = self.fields["capacity"]  # type: ignore[attr-defined]
        return self.cleaned_data.get("capacity") or field.initial or ""  # type: ignore[attr-defined]


class ReplyForm(CapacityChoiceMixin, CrispyMixin, forms.Form):
    body = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    capacity = forms.ChoiceField(
        label="Speaking as",
        widget=forms.RadioSelect,
        help_text="Shown beside your name. An officer speaking as a resident is shown as giving a personal view.",
    )

    def __init__(self, *args, capacities: list[Capacity], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.set_capacities(capacities)
