from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from programme.forms import (
    CrispyMixin,
    PeopleField,
    PersonField,
    bind_pickers,
    choice_field,
    model_field,
)
from programme.models import PilotSite, Role
from programme.platform.text import record_id
from programme.queries import people_at

from .agenda_templates import TEMPLATES
from .models import AUDIENCE_ONE, PLANNED_FIELDS, AgendaItem, Audience, Registration, Workshop

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WorkshopForm(CrispyMixin, forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    facilitators = PeopleField(
        fit="site",
        include="[name='site']",
        required=False,
        help_text="People with a role at the workshop's site or across the programme.",
    )
    capacity = forms.IntegerField(
        min_value=1,
        max_value=10000,
        help_text="Places; when they are taken, people join the waiting list.",
    )
    template = forms.ChoiceField(
        label="Start the agenda from",
        required=False,
        choices=[("", "An empty agenda"), *((t.key, t.name) for t in TEMPLATES.values())],
    )

    class Meta:
        model = Workshop
        fields = ["site", *PLANNED_FIELDS, "facilitators"]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_opens_at": DATETIME,
            "registration_closes_at": DATETIME,
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "venue_address": forms.Textarea(attrs={"rows": 2}),
            "access_notes": forms.Textarea(attrs={"rows": 2}),
            "access": forms.RadioSelect,
        }

    def __init__(self, *args: Any, sites: QuerySet[PilotSite] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sites is not None:
            model_field(self, "site").queryset = sites
            model_field(self, "site").empty_label = None
        if self.instance.pk:
            del self.fields["template"]
            self.fields["site"].disabled = True
            self.fields["facilitators"].widget.include = ""  # a disabled select is not sent
        bind_pickers(self, site_id=self._site_id())

    def _site_id(self) -> int | None:
        if self.instance.pk:
            return self.instance.site_id
        chosen = str(self.data.get(self.add_prefix("site"), "")) if self.is_bound else ""
        return record_id(chosen)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        starts, ends, closes = (
            data.get("starts_at"),
            data.get("ends_at"),
            data.get("registration_closes_at"),
        )
        opens = data.get("registration_opens_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The workshop must end after it starts.")
        if starts and closes and closes > starts:
            self.add_error(
                "registration_closes_at", "Registration must close no later than the start."
            )
        if opens and closes and opens >= closes:
            self.add_error("registration_opens_at", "Registration must open before it closes.")
        if not data.get("venue_name") and not data.get("online_url"):
            self.add_error("venue_name", "Give a venue, an online link, or both.")
        site = data.get("site") or (self.instance.site if self.instance.pk else None)
        if site and data.get("facilitators"):
            fitting = set(people_at(site.pk).filter(pk__in=[p.pk for p in data["facilitators"]]))
            strangers = [p.full_name for p in data["facilitators"] if p not in fitting]
            if strangers:
                self.add_error(
                    "facilitators",
                    f"{', '.join(strangers)} {'has' if len(strangers) == 1 else 'have'} no role "
                    f"at {site.name} or across the programme.",
                )
        return data

    def validate_constraints(self) -> None:
        return None  # clean() says the same in words beside the fields


class NeedsForm(CrispyMixin, forms.Form):
    """What a person needs to take part, given when registering and changed afterwards."""

    accessibility_needs = forms.CharField(
        label="Accessibility needs",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Anything that would help you take part: step-free access, a hearing loop, large print, breaks.",
    )
    dietary_requirements = forms.CharField(
        label="Dietary requirements",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def offered(cls, registration: Registration, data: QueryDict) -> NeedsForm | None:
        """Someone registered already sent the registration form again (say, after signing
        in on the way): what they typed there that their registration does not say, ready
        to update it with; None if there is nothing new."""
        typed = {name: data.get(name, "").strip() for name in cls.base_fields}
        new = {
            name: words
            for name, words in typed.items()
            if words and words != getattr(registration, name)
        }
        if not new:
            return None
        return cls(initial={name: getattr(registration, name) for name in cls.base_fields} | new)


class RegistrationForm(CrispyMixin, forms.Form):
    # Each refusal in plain words, also for a form sent back after signing in on the way.
    guest_name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Tell us your name"},
    )
    guest_email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We email you a link to confirm your place.",
        error_messages={
            "required": "Tell us your email address, so we can confirm your place",
            "invalid": "Enter an email address like name@example.com",
        },
    )
    # Each choice finishes the label's sentence: "You are coming as" … "a resident". The
    # stored values stay the audiences' ("residents").
    audience = forms.ChoiceField(
        label="You are coming as",
        choices=[(a.value, AUDIENCE_ONE[a]) for a in Audience],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you are coming"},
    )
    accessibility_needs = NeedsForm.base_fields["accessibility_needs"]
    dietary_requirements = NeedsForm.base_fields["dietary_requirements"]
    consent = forms.BooleanField(
        label="I agree to the privacy notice: my details are used to run this workshop and kept for two years.",
        error_messages={
            "required": "Agree to the privacy notice, so we may use your details to run the workshop"
        },
    )

    def __init__(
        self, *args: Any, signed_in: bool, audiences: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["guest_name"], self.fields["guest_email"]
        if audiences:
            choice_field(self, "audience").choices = [
                (a.value, AUDIENCE_ONE[a]) for a in Audience if a.value in audiences
            ]


class ReasonForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Everyone registered is emailed this, with a calendar cancellation.",
    )


class InviteForm(CrispyMixin, forms.Form):
    people = PeopleField(required=False, label="Invite these people")
    role = forms.ChoiceField(
        label="Or everyone at the site who is",
        required=False,
        choices=[
            ("", "—"),
            *(
                (r.value, r.label)
                for r in Role
                if r not in (Role.COORDINATOR, Role.CRITICAL_FRIEND)
            ),
        ],
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("people") and not data.get("role"):
            self.add_error("people", "Choose people to invite, or a role.")
        return data


class CheckInForm(CrispyMixin, forms.Form):
    code = forms.CharField(
        label="Your registration code",
        max_length=12,
        error_messages={"required": "Enter your registration code, from your confirmation email"},
        help_text="It is in your confirmation email, e.g. K7QX4M2A.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class OutcomeForm(CrispyMixin, forms.Form):
    public_summary = forms.CharField(
        label="What came of it, for the public",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Public: shown to anyone on the workshop's page. A few lines a resident would "
            "want to read. Markdown."
        ),
    )
    notes = forms.CharField(
        label="Internal notes",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Internal: only coordinators, the site lead and the facilitators see these, "
            "never the public. Markdown."
        ),
    )
    decisions = forms.CharField(
        label="Decisions",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Internal, like the notes. Markdown.",
    )


class OutcomeActionForm(CrispyMixin, forms.Form):
    title = forms.CharField(label="Action", max_length=300, required=False)
    owner = PersonField(required=False)
    due_on = forms.DateField(
        label="Due", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Needed once the row has an action (checked in clean): not "(optional)".
        self.fields["owner"].label = "Owner (needed for each action)"

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("title") and not data.get("owner"):
            self.add_error("owner", "Who will do it?")
        return data


# absolute_max: a form count sent larger than this is refused, not built (Django's default,
# 1,000 more than max_num, let one post build and render a thousand rows for seconds).
OutcomeActionFormSet = forms.formset_factory(
    OutcomeActionForm, extra=3, max_num=10, absolute_max=10
)


class FeedbackForm(CrispyMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful was the workshop?",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(5, "5 – very useful"), (4, "4"), (3, "3"), (2, "2"), (1, "1 – not useful")],
        error_messages={"required": "Choose how useful the workshop was, from 5 to 1"},
    )
    comments = forms.CharField(
        label="Anything to tell us?",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["time", "title", "lead", "notes"]
        widgets = {
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.TextInput(),
        }


AgendaFormSet = forms.modelformset_factory(
    AgendaItem, form=AgendaItemForm, extra=3, can_delete=True, max_num=60, absolute_max=60
)
