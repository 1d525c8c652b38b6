from __future__ import annotations

import re
from typing import Any

from django import forms

from programme.forms import CrispyMixin, model_field
from programme.models import PilotSite, User

from .models import DutyKind, Stage, Task


class ApplicationForm(CrispyMixin, forms.Form):
    """Anyone may apply. Someone signed in applies as themselves: their name and confirmed
    address come from their account (shown on the page), so the form asks for neither."""

    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Tell us your name"},
    )
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Tell us your email address so we can reply",
            "invalid": "Enter an email address like name@example.com",
        },
    )
    site = forms.ModelChoiceField(
        label="Your council",
        queryset=PilotSite.objects.all(),
        # No council is chosen for the applicant: a default would send many to the wrong one.
        empty_label="Choose your council",
        error_messages={
            "required": "Choose the council whose town hall site you would help",
            "invalid_choice": "Choose one of the councils in the list",
        },
    )
    neighbourhood = forms.CharField(
        label="Your neighbourhood",
        max_length=150,
        error_messages={
            "required": "Tell us your neighbourhood, so we can match you with local work"
        },
    )
    motivation = forms.CharField(
        label="Why you want to take part",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "Tell us, in a sentence or two, why you want to take part"},
    )
    tasks = forms.ModelMultipleChoiceField(
        label="Tasks you are interested in",
        queryset=Task.objects.offered(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose as many as you like; there is no fixed job description.",
        error_messages={"required": "Choose at least one task you are interested in"},
    )
    channels = forms.CharField(
        label="Social channels you already use",
        required=False,
        max_length=300,
        help_text="For example a local Facebook group, Nextdoor, a blog.",
    )
    availability = forms.CharField(
        required=False, max_length=300, help_text="Roughly when you could help."
    )
    age_band = forms.ChoiceField(
        label="Age",
        required=False,
        choices=[
            ("", "Prefer not to say"),
            ("16-24", "16 to 24"),
            ("25-44", "25 to 44"),
            ("45-64", "45 to 64"),
            ("65+", "65 or over"),
        ],
    )
    gender = forms.CharField(required=False, max_length=50)
    ethnicity = forms.CharField(required=False, max_length=80)
    disability = forms.ChoiceField(
        label="Do you consider yourself disabled?",
        required=False,
        choices=[("", "Prefer not to say"), ("yes", "Yes"), ("no", "No")],
    )
    consent = forms.BooleanField(
        label="I agree to the privacy notice: the programme uses my details to consider my application (public task), "
        "and keeps them for six months if I am not taken forward.",
        error_messages={
            "required": "Agree to the privacy notice, so we may use your details to consider your application"
        },
    )
    # A field people never see (hidden with CSS and from screen readers); bots fill it in.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, applicant: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if applicant is not None:
            del self.fields["full_name"], self.fields["email"]
        model_field(self, "tasks").queryset = Task.objects.offered()
        for name in ("age_band", "gender", "ethnicity", "disability"):
            self.fields[
                name
            ].help_text = "Optional. Kept apart from your application and only reported in totals."


class MoveForm(CrispyMixin, forms.Form):
    to = forms.ChoiceField(label="Move to", choices=Stage.choices)
    reason = forms.CharField(
        label="Reason or note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Needed when declining; the applicant is told kindly.",
    )


class ReferencesForm(CrispyMixin, forms.Form):
    first_name = forms.CharField(label="First referee's name", max_length=150)
    first_email = forms.EmailField(label="First referee's email")
    second_name = forms.CharField(label="Second referee's name", max_length=150)
    second_email = forms.EmailField(label="Second referee's email")


class ReferenceForm(CrispyMixin, forms.Form):
    known_for = forms.CharField(
        label="How long, and how, have you known the applicant?", max_length=200
    )
    statement = forms.CharField(
        label="Would they make a good community ambassador? Why?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class SafeguardingForm(CrispyMixin, forms.Form):
    certificate_reference = forms.CharField(
        label="Certificate number",
        max_length=60,
        help_text="Record that you saw it; never upload or copy the certificate.",
    )
    seen_on = forms.DateField(label="Seen on", widget=forms.DateInput(attrs={"type": "date"}))


class DutyForm(CrispyMixin, forms.Form):
    kind = forms.ChoiceField(label="What kind of activity", choices=DutyKind.choices)
    done_on = forms.DateField(label="When", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label="What you did", max_length=300)
    people = forms.IntegerField(
        label="People reached or helped", required=False, min_value=0, max_value=100000
    )
    hours = forms.DecimalField(
        label="Hours",
        required=False,
        min_value=0,
        max_value=999,
        decimal_places=1,
        help_text="Only if you wish to record them.",
    )


# A Mastodon server's name: letters, digits and hyphens in two labels or more, ending in a
# top-level domain of letters (or an IDN's xn--): never an address, a port or a path.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
HOST_NAME = re.compile(rf"^(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})$")


class MastodonForm(forms.Form):
    """The person's Mastodon server, to open its share page with a post's words."""

    server = forms.CharField(
        label="Your Mastodon server",
        max_length=253,
        help_text="Its name, like mastodon.social",
        error_messages={"required": "Enter the name of your Mastodon server, like mastodon.social"},
    )
    text = forms.CharField(max_length=1000, widget=forms.HiddenInput)

    def clean_server(self) -> str:
        value = self.cleaned_data["server"].strip().lower()
        # What a person pastes from their browser's address bar.
        value = value.removeprefix("https://").removesuffix("/")
        value = value.rsplit("@", 1)[-1]  # "@me@mastodon.social": the part after the @
        try:
            host = value.encode("idna").decode("ascii")
        except UnicodeError:
            host = ""
        if len(host) > 253 or not HOST_NAME.match(host):
            raise forms.ValidationError(
                "Enter only the name of your Mastodon server, like mastodon.social",
                code="not_a_host",
            )
        return host
