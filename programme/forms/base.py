from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crispy_forms.helper import FormHelper
from django import forms
from django.forms.utils import ErrorDict, pretty_name
from django.http import HttpRequest, QueryDict

from programme.platform.errors import ProgrammeError

from ..capacities import Capacity
from .people import PeoplePicker, bind_pickers, finding, show_people_to

# The mixins below are only ever mixed into forms: the checker reads them as forms.
if TYPE_CHECKING:
    _Form = forms.BaseForm
else:
    _Form = object


# Inputs that only hold values of their kind (HTML's "value sanitization algorithm").
TYPED_INPUTS = frozenset(
    {"number", "range", "date", "datetime-local", "time", "month", "week", "color", "email", "url"}
)


class CrispyMixin(_Form):
    """Render through crispy-forms inside our own <form> tag (see includes/form.html), with
    the notes that let a form kept through signing in show its words under its own labels
    (includes/crispy_form.html, keeping.py).

    A post made by a people picker's *Find* button (no script) is a search, not a save:
    the form is never valid then, and shows no errors, only what was typed and the matches.
    """

    # Fields not required by the form that are not optional either (asked for later, e.g.
    # before publishing): their labels are not marked "(optional)".
    not_optional: tuple[str, ...] = ()

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        """`viewer`: who the form is for; its people pickers show people in full only to
        coordinators (programme.forms.people.show_people_to)."""
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.template = "includes/crispy_form.html"
        for name, field in self.fields.items():
            label = field.label or pretty_name(name)
            if (
                not field.required
                and not isinstance(field.widget, forms.HiddenInput)
                and name not in self.not_optional
                and "(optional)" not in str(label)
            ):
                field.label = f"{label} (optional)"
        bind_pickers(self)
        show_people_to(self, viewer)

    @property
    def has_pickers(self) -> bool:
        return any(isinstance(f.widget, PeoplePicker) for f in self.fields.values())

    @property
    def finding(self) -> bool:
        return bool(self.is_bound and finding(self.data))

    def is_valid(self) -> bool:
        return not self.finding and super().is_valid()

    def full_clean(self) -> None:
        say_what_is_missing(self)
        super().full_clean()
        if self.finding:
            self._errors = ErrorDict()
        elif self.is_bound:
            self._refuse_unchosen_names()
            self._show_refused_values_as_typed()

    def _show_refused_values_as_typed(self) -> None:
        """A number, date or time input refused for what was typed in it comes back as a
        text input holding those words: a typed input may not hold "ten" (invalid HTML, and
        browsers show it empty), and the person sees what they typed beside its error."""
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            kinds = [w for w in getattr(widget, "widgets", [widget]) if w is not None]
            for part in kinds:
                if getattr(part, "input_type", "") in TYPED_INPUTS:
                    part.input_type = "text"
                    for limit in ("min", "max", "step"):  # a text input takes none of these
                        part.attrs.pop(limit, None)

    def _refuse_unchosen_names(self) -> None:
        """A name typed into a picker but never chosen from its matches is someone the
        person meant to add: say so beside it, rather than send the form without them."""
        for name, field in self.fields.items():
            query = getattr(field.widget, "query", "").strip()
            if isinstance(field.widget, PeoplePicker) and query:
                self.add_error(
                    name,
                    f"You typed “{query}” but did not choose anyone: choose them from the "
                    "matches (or press Find), or clear the search box.",
                )


DJANGO_REQUIRED = forms.Field.default_error_messages["required"]


def _lower_first(text: str) -> str:
    """ "Your name" -> "your name"; an acronym ("PDF file") keeps its capitals."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def required_message(field: forms.Field, label: str) -> str:
    """What to say when a required field comes back empty, built from its label: "Enter
    your registration code", "Write your post", "Choose your view"."""
    label = label.strip().rstrip(":")
    if label.endswith("?"):
        return f"Answer the question: {label}"
    if isinstance(field, forms.BooleanField):
        return f"Tick the box to go on: {label}"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField):
        return f"Choose {_lower_first(label)}"
    if isinstance(field.widget, forms.Textarea):
        return f"Write {_lower_first(label)}"
    return f"Enter {_lower_first(label)}"


def say_what_is_missing(form: forms.BaseForm) -> None:
    """Every required field left empty says what to give, never Django's bare "This field
    is required.": a resident filling one of several boxes cannot tell from it what is
    missing, and a screen reader reads it without its label. Done here, in the base every
    form shares, and at cleaning time so that a label a form changes after it is made
    ("Your reply") is the one the message names. A field's own `required` message (one
    written for it, e.g. "Choose in what capacity you speak") is kept."""
    for name, field in form.fields.items():
        if field.error_messages.get("required") == DJANGO_REQUIRED:
            label = str(field.label or pretty_name(name))
            field.error_messages["required"] = required_message(field, label)


class CapacityChoiceMixin(_Form):
    """A "speaking as" choice from the capacities the person holds now."""

    def set_capacities(self, capacities: list[Capacity]) -> None:
        field = choice_field(self, "capacity")
        # Each choice says what it means; with several, none is chosen for the person.
        field.choices = [(c.key, f"{c.label}: {c.meaning}") for c in capacities]
        field.error_messages["required"] = "Choose in what capacity you speak"
        if len(capacities) == 1:
            field.initial = capacities[0].key
            # Their only capacity is a resident's (anyone with a role has two or more).
            field.help_text = "You speak as a resident."
            # The only capacity they hold: a form sent without it (say, written before
            # signing in) speaks in that one rather than failing.
            field.required = False

    def clean_capacity(self) -> str:
        field = self.fields["capacity"]
        return self.cleaned_data.get("capacity") or field.initial or ""


def model_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's field that chooses among rows, to narrow its queryset or label its choices."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} does not choose among rows")
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's field with fixed choices, to narrow or reword them."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} has no fixed choices")
    return field


def posted(request: HttpRequest) -> QueryDict | None:
    """The data a form is bound to: what was posted, even nothing at all.

    `request.POST or None` reads an empty post as no post, so a form sent empty came
    back unbound, without a word about what was missing.
    """
    return request.POST if request.method == "POST" else None


def show_refusal(
    form: forms.BaseForm, error: ProgrammeError, *, otherwise: str | None = None
) -> None:
    """A service refused what the form sent: its message goes beside the field it names,
    else beside `otherwise` (the field a refusal of this form is most likely about), else
    at the top of the form."""
    field = error.field if error.field in form.fields else otherwise
    form.add_error(field, error.message)
