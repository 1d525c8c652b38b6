from __future__ import annotations

from typing import Any

from django import forms

from ..capacities import Capacity
from ..models import Meeting, Update
from .base import CapacityChoiceMixin, CrispyMixin, model_field


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "meeting").queryset = Meeting.objects.order_by("-starts_at")
        if self.instance.pk:
            self.fields["publish"].initial = self.instance.status == "published"
            self.fields["publish"].label = "Published"


class ReplyForm(CapacityChoiceMixin, CrispyMixin, forms.Form):
    body = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    capacity = forms.ChoiceField(
        label="Speaking as",
        widget=forms.RadioSelect,
        help_text="Shown beside your name. An officer speaking as a resident is shown as giving a personal view.",
    )

    def __init__(self, *args: Any, capacities: list[Capacity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_capacities(capacities)
