from __future__ import annotations

from typing import Any

from django import forms

from programme.capacities import Capacity
from programme.forms import CapacityChoiceMixin, CrispyMixin, choice_field, model_field

from .blocks import DESCRIPTIONS
from .models import Page, PageKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class NewPageForm(CrispyMixin, forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(
        label="Kind of page",
        widget=forms.RadioSelect,
        choices=[(kind.value, f"{kind.label}: {DESCRIPTIONS[kind.value]}") for kind in PageKind],
        initial=PageKind.STANDARD,
    )

    def __init__(self, *args: Any, news_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if news_only:  # contributors write news items, and nothing else
            choice_field(self, "kind").choices = [
                (PageKind.NEWS.value, f"{PageKind.NEWS.label}: {DESCRIPTIONS['news']}")
            ]
            self.fields["kind"].initial = PageKind.NEWS


class EditorForm(CrispyMixin, forms.Form):
    email = forms.EmailField(
        label="Their email address",
        help_text=(
            "We email them an invitation. They can edit once they accept it, signed in "
            "with this address (they can create an account on the way)."
        ),
    )


class PageDetailsForm(CrispyMixin, forms.Form):
    base = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        max_length=300, required=False, help_text="Shown in lists and search results."
    )
    tags = forms.CharField(
        max_length=500,
        required=False,
        help_text="Separate them with commas, e.g. parks, libraries. They gather pages and items "
        "from around the web on one page.",
    )


class ScheduleForm(CrispyMixin, forms.Form):
    go_live_at = forms.DateTimeField(
        label="Goes live",
        required=False,
        widget=DATETIME,
        help_text="Leave empty to go live as soon as it is published.",
    )
    expires_at = forms.DateTimeField(label="Expires", required=False, widget=DATETIME)
    review_on = forms.DateField(
        label="Review by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The dashboard flags the page once this date has passed.",
    )
    in_menu = forms.BooleanField(
        label="Show in the site's menu", required=False, help_text="Top-level pages only."
    )
    # Each page shows as its latest title (Page.__str__; the queryset selects the revision).
    parent = forms.ModelChoiceField(
        label="Sits under",
        queryset=Page.objects.none(),
        required=False,
        empty_label="Nothing: a top-level page",
        help_text="The page it belongs to; it is then listed there, under “In this section”.",
    )

    def __init__(self, *args: Any, page: Page | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if page is not None:
            model_field(self, "parent").queryset = (
                Page.objects.filter(site=page.site)
                .exclude(pk=page.pk)
                .exclude(kind=PageKind.NEWS)
                .select_related("latest_revision")
            )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            data.get("go_live_at")
            and data.get("expires_at")
            and data["expires_at"] <= data["go_live_at"]
        ):
            self.add_error("expires_at", "A page must expire after it goes live.")
        return data


class PostForm(CapacityChoiceMixin, CrispyMixin, forms.Form):
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Give your discussion a title: what it is about, in a line"},
    )
    body = forms.CharField(
        label="Your post", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    capacity = forms.ChoiceField(label="Speaking as", widget=forms.RadioSelect)

    def __init__(
        self, *args: Any, capacities: list[Capacity], with_title: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_capacities(capacities)
        if not capacities:  # someone not signed in writes first; they choose once signed in
            del self.fields["capacity"]
        if not with_title:
            del self.fields["title"]
            self.fields["body"].label = "Your reply"


class ComplaintForm(CrispyMixin, forms.Form):
    text = forms.CharField(
        label="What do you think was wrong with the decision?",
        error_messages={"required": "Tell us what you think was wrong with the decision"},
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
