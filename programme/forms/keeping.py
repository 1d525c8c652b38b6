"""What a form sends along so that, if it must be kept through signing in, the person's
words are shown back under the form's own labels (never raw field names), and so that
only someone who was signed in while writing is told they are signed in *again*.

Every crispy form (`CrispyMixin`, through includes/crispy_form.html) carries two hidden
inputs: `_labels`, its fields' labels (and the words of fixed choices) as JSON, and
`_was_signed_in`, present when the page was shown to someone signed in. The form's own
view ignores both; programme/views/resume.py carries them with the rest and reads them.
They only change how the person's own words are shown back to that person.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import cast

from django import forms
from django.forms.utils import pretty_name
from django.utils.html import format_html
from django.utils.safestring import SafeString

LABELS = "_labels"
WAS_SIGNED_IN = "_was_signed_in"
OPTIONAL = " (optional)"
# Kept to a size a label list never needs: anything longer is not ours, and ignored.
MOST_LABELS_TEXT = 20_000


def _described(field: forms.BoundField) -> dict[str, object] | None:
    """How one field's value is shown back: its label, and the words of its choices.

    None for what the person did not write or choose by its words: hidden values and
    choices among rows (their values are ids); they are carried all the same.
    """
    if field.is_hidden or isinstance(field.field, forms.ModelChoiceField):
        return None
    described: dict[str, object] = {"label": str(field.label).removesuffix(OPTIONAL)}
    if isinstance(field.field, forms.BooleanField):
        described["choices"] = {"on": "Yes"}
    elif isinstance(field.field, forms.ChoiceField):
        # A form field's choices are a list by now, whatever they were declared as.
        choices = cast(Iterable[tuple[object, object]], field.field.choices)
        described["choices"] = {
            str(value): str(words)
            for value, words in choices
            if not isinstance(words, list | tuple)  # groups of choices: shown as sent
        }
    return described


def notes(form: forms.BaseForm, *, signed_in: bool) -> SafeString:
    """The hidden inputs a crispy form carries for keeping (see the module's docstring)."""
    labels = {field.html_name: _described(field) for field in form}
    html = format_html(
        '<input type="hidden" name="{}" value="{}">',
        LABELS,
        json.dumps(labels, ensure_ascii=False, separators=(",", ":")),
    )
    if signed_in:
        html += format_html('<input type="hidden" name="{}" value="1">', WAS_SIGNED_IN)
    return html


def was_signed_in(fields: Iterable[tuple[str, str]]) -> bool:
    """Whether the page the words were written on was shown to someone signed in."""
    return any(name == WAS_SIGNED_IN for name, _ in fields)


def _labels(fields: Iterable[tuple[str, str]]) -> dict[str, object]:
    labels: dict[str, object] = {}
    for name, value in fields:
        if name != LABELS or len(value) > MOST_LABELS_TEXT:
            continue
        try:
            found = json.loads(value)
        except ValueError:
            continue
        if isinstance(found, dict):
            labels |= found  # one per form: a page's forms may be sent together
    return labels


def listed(fields: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The person's words as they see them on the form: (label, what they wrote or chose),
    in the form's order, several values of one field together; empty fields left out."""
    fields = list(fields)
    labels = _labels(fields)
    shown: dict[str, list[str]] = {}
    for name, value in fields:
        if name.startswith("_") or name == "base" or not value.strip():
            continue
        # A field in several inputs (a date and a time) is named with _0, _1 on the page.
        described = labels.get(name, labels.get(re.sub(r"_\d+$", "", name), False))
        if described is False:  # a form that sent no labels: its name, made readable
            shown.setdefault(pretty_name(name.rpartition("-")[2]), []).append(value)
        elif isinstance(described, dict) and described.get("label"):
            choices = described.get("choices")
            words = choices.get(value, value) if isinstance(choices, dict) else value
            shown.setdefault(str(described["label"]), []).append(str(words))
    return [(label, ", ".join(values)) for label, values in shown.items()]
