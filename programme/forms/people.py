"""Choosing people: a search-as-you-type field instead of a list of every account.

The field offers only the people who *fit* (a name in `FITS`), shows them by name and
role, never by email address, and renders only who is chosen plus the matches for what
was typed, so a form stays the same size with 10 accounts or 10,000.

With script, the search box is an ARIA combobox: htmx asks `programme:find_people` for
matches as the person types, and `static/js/site.js` adds the one chosen to the list.
Without script, the box has a *Find* button that posts the whole form back (nothing
typed is lost, nothing is saved) with the matches shown as boxes to tick.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from programme.platform.text import record_id

from .. import queries
from ..models import User

FIND_BUTTON = "_find"
"""The name of every picker's *Find* button; its value is the field's HTML name."""

FITS: dict[str, Callable[[int | None], QuerySet[User]]] = {
    # Owners, attendees, invitations: anyone who holds a role in the programme.
    "programme": lambda site_id: queries.programme_people(),
    # Facilitators: people with a role at that site, or across the programme.
    "site": queries.people_at,
}


def with_roles(person: User, *, full: bool = False) -> str:
    """A person as the pickers show them: name and roles, never their email address; in
    full (full name, every role) to coordinators only, else as their civic persona."""
    return queries.name_and_roles(person, full=full)


def finding(data: Mapping[str, Any]) -> bool:
    """Whether this post is a picker's *Find* (a search, not a save)."""
    return bool(data.get(FIND_BUTTON))


class PeoplePicker(forms.Widget):
    template_name = "includes/people_picker.html"

    def __init__(
        self, *, fit: str, multiple: bool, include: str = "", attrs: dict[str, Any] | None = None
    ) -> None:
        super().__init__(attrs)
        self.fit, self.multiple, self.include = fit, multiple, include
        self.query, self.searched = "", False
        self.site_id: int | None = None
        self.full = False  # people in full (coordinators), else as their personas show them

    def bind(self, data: Mapping[str, Any], html_name: str, site_id: int | None) -> None:
        """What the person typed into this picker and whether they pressed its *Find*."""
        self.query = str(data.get(f"{html_name}_q", ""))[:100]
        self.searched = data.get(FIND_BUTTON) == html_name
        self.site_id = site_id

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if self.multiple or not isinstance(values, list):
            return values
        return values if len(values) > 1 else (values[0] if values else None)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # nothing ticked is a choice too: nobody

    @staticmethod
    def chosen_ids(value: Any) -> list[int]:
        """The people a value names (ids, rows, or a list of either), hostile ids dropped."""
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = (record_id(getattr(v, "pk", v)) for v in values)
        return [pk for pk in ids if pk is not None]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_q" if id_ else id_  # the label names the search box

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        people = FITS[self.fit](self.site_id)
        chosen_pks = self.chosen_ids(value)[:50]
        chosen = list(people.filter(pk__in=chosen_pks)) if chosen_pks else []
        matches = (
            [
                p
                for p in queries.find_people(people, self.query, full=self.full)
                if p.pk not in chosen_pks
            ]
            if self.searched
            else []
        )
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        asked = {"fit": self.fit, "name": name, "id": widget_id}
        if self.site_id is not None and not self.include:
            asked["site"] = str(self.site_id)
        context["widget"].update(
            id=widget_id,
            multiple=self.multiple,
            chosen=[(p.pk, with_roles(p, full=self.full)) for p in chosen],
            matches=[(p.pk, with_roles(p, full=self.full)) for p in matches],
            query=self.query,
            searched=self.searched,
            find_button=FIND_BUTTON,
            search_url=reverse("programme:find_people"),
            asked=json.dumps(asked),
            described_by=" ".join(
                filter(
                    None, [context["widget"]["attrs"].get("aria-describedby"), f"{widget_id}_hint"]
                )
            ),
            invalid=context["widget"]["attrs"].get("aria-invalid") == "true",
            include=self.include,
        )
        return context

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # The project's template directory, not the form renderer's built-in one.
        return SafeString(
            render_to_string(self.template_name, self.get_context(name, value, attrs))
        )


def _refuse_tampered(field: forms.ModelChoiceField, values: list[Any]) -> None:
    """An id no database column can hold is no one to choose (the database would fail)."""
    for value in values:
        if value not in (None, "") and record_id(value) is None:
            raise forms.ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class PersonField(forms.ModelChoiceField):
    """One person who fits, found by name.

    Shown as boxes to tick like the many-people field (a radio button cannot be unticked);
    with script, choosing someone replaces whoever was chosen.
    """

    def to_python(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            if len(value) > 1:
                raise forms.ValidationError("Choose one person.", code="several")
            value = value[0] if value else None
        _refuse_tampered(self, [value])
        return super().to_python(value)

    def __init__(self, *, fit: str = "programme", include: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("queryset", FITS[fit](None))
        super().__init__(widget=PeoplePicker(fit=fit, multiple=False, include=include), **kwargs)
        self.fit = fit

    def label_from_instance(self, obj: User) -> str:
        return with_roles(obj)


class PeopleField(forms.ModelMultipleChoiceField):
    """Any number of people who fit, found by name."""

    def __init__(self, *, fit: str = "programme", include: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("queryset", FITS[fit](None))
        super().__init__(widget=PeoplePicker(fit=fit, multiple=True, include=include), **kwargs)
        self.fit = fit

    def clean(self, value: Any) -> Any:
        _refuse_tampered(self, list(value) if isinstance(value, list | tuple) else [value])
        return super().clean(value)

    def label_from_instance(self, obj: User) -> str:
        return with_roles(obj)


def show_people_to(form: forms.BaseForm, viewer: Any) -> None:
    """Pickers show people in full (full name, every role) to coordinators only; to anyone
    else (a site lead planning a workshop) as each person's civic persona shows them."""
    from ..permissions import is_coordinator

    full = viewer is not None and is_coordinator(viewer)
    for field in form.fields.values():
        if isinstance(field.widget, PeoplePicker):
            field.widget.full = full


def bind_pickers(form: forms.BaseForm, site_id: int | None = None) -> None:
    """Give each picker in a bound form what was typed into it (see CrispyMixin)."""
    for name, field in form.fields.items():
        if isinstance(field.widget, PeoplePicker):
            field.widget.bind(form.data, form.add_prefix(name), site_id)
