from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import Truncator

from programme.capacities import Capacity
from programme.forms import CapacityChoiceMixin, CrispyMixin, PeopleField, choice_field
from programme.models import PilotSite

from .models import DraftStatus, Stance

AUDIENCES = [
    ("citizens", "Citizens"),
    ("officers", "Officers"),
    ("members", "Elected members"),
    ("content_providers", "External content providers"),
]
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DraftForm(CrispyMixin, forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    site = forms.ModelChoiceField(
        queryset=PilotSite.objects.all(),
        required=False,
        empty_label="Programme-wide",
        label="Scope",
    )
    audiences = forms.MultipleChoiceField(
        choices=AUDIENCES, widget=forms.CheckboxSelectMultiple, required=False
    )
    owners = PeopleField(
        required=False,
        label="Other owners",
        help_text="You are an owner already.",
    )


class StatusForm(CrispyMixin, forms.Form):
    status = forms.ChoiceField(
        choices=[c for c in DraftStatus.choices if c[0] != DraftStatus.ADOPTED]
    )
    opens_at = forms.DateTimeField(label="Comments open", required=False, widget=DATETIME)
    closes_at = forms.DateTimeField(label="Comments close", required=False, widget=DATETIME)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", "Comments must close after they open.")
        return data


class WorkingSectionForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    heading = forms.CharField(max_length=200, required=False)
    body = forms.CharField(
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown.",
    )


# absolute_max: a section count sent larger than this is refused, not built (Django's
# default let one post build and render 2,000 sections).
WorkingCopyFormSet = forms.formset_factory(
    WorkingSectionForm, extra=1, can_delete=True, max_num=200, absolute_max=200
)


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class PublishForm(CrispyMixin, forms.Form):
    change_note = forms.CharField(
        label="What changed",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown with the version, so people who commented see what happened.",
    )


class SentenceSelect(forms.Select):
    """The section's sentences, each option carrying its whole text for the page's script
    (the label may be shortened)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.passages: tuple[str, ...] = ()

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value).isdigit() and int(value) < len(self.passages):
            option["attrs"]["data-passage"] = self.passages[int(value)]
        return option


class CommentForm(CapacityChoiceMixin, CrispyMixin, forms.Form):
    stance = forms.ChoiceField(
        label="Your view",
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your view: support, object or suggest a change"},
    )
    body = forms.CharField(
        label="Your comment", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    sentence = forms.TypedChoiceField(
        label="A sentence you mean",
        required=False,
        coerce=int,
        empty_value=None,
        widget=SentenceSelect(attrs={"data-sentences": ""}),
        help_text="Or choose one from the section with the keyboard.",
    )
    quote = forms.CharField(
        label="The passage you mean",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-passage-field": ""}),
        max_length=5000,
        help_text="Select words in the section above to fill this in, or paste them. "
        "Leave this and the sentence empty to comment on the whole section.",
    )
    suggestion = forms.CharField(
        label="Suggested replacement text",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the passage should say instead, if you suggest a change.",
    )
    near = forms.IntegerField(widget=forms.HiddenInput, required=False)
    capacity = forms.ChoiceField(label="Speaking as", widget=forms.RadioSelect)

    def __init__(
        self,
        *args: Any,
        capacities: list[Capacity],
        sentences: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_capacities(capacities)
        self.sentences = sentences
        if sentences:
            field = choice_field(self, "sentence")
            field.choices = [
                ("", "None: the passage below, or the whole section"),
                *((n, Truncator(text).chars(90)) for n, text in enumerate(sentences)),
            ]
            field.widget.passages = sentences
        else:
            del self.fields["sentence"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        chosen = data.pop("sentence", None)
        if not data.get("quote") and chosen is not None:
            data["quote"] = self.sentences[chosen]
        return data


class ReplyForm(CapacityChoiceMixin, CrispyMixin, forms.Form):
    body = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    capacity = forms.ChoiceField(label="Speaking as", widget=forms.RadioSelect)

    def __init__(self, *args: Any, capacities: list[Capacity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_capacities(capacities)


class RespondForm(CrispyMixin, forms.Form):
    body = forms.CharField(
        label="Your response", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class DecisionForm(CrispyMixin, forms.Form):
    """An owner's decision on a suggested replacement; one under each pending suggestion
    (`auto_id` keeps each one's ids its own)."""

    decision = forms.ChoiceField(
        label="Decide on this suggestion",
        choices=[("accept", "Accept it into the working copy"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Needed when declining; the author is told.",
    )
