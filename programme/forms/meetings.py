from __future__ import annotations

from django import forms
from django.db.models import Prefetch

from ..models import ActionItem, ActionStatus, Meeting, PilotSite, RoleGrant, User
from .base import CrispyMixin


def _with_roles(person: User) -> str:
    """A person as the pickers show them: name and roles, never their email address."""
    grants = getattr(person, "active_grants", None)
    roles = ", ".join(grant.label for grant in grants) if grants else ""
    return f"{person.full_name} ({roles})" if roles else person.full_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _with_roles(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _with_roles(obj)


def programme_people() -> forms.models.QuerySet:
    """People who hold a role: the ones who attend meetings and own actions (with their
    roles read in one query, for the labels)."""
    return (
        # Holding an active grant: a bare "revoked_at is null" also matched people with no
        # grant at all (the outer join's empty row), so residents appeared in the lists.
        User.objects.filter(role_grants__in=RoleGrant.objects.active())
        .distinct()
        .order_by("full_name")
        .prefetch_related(
            Prefetch(
                "role_grants",
                queryset=RoleGrant.objects.active().select_related("site"),
                to_attr="active_grants",
            )
        )
    )


class MeetingForm(CrispyMixin, forms.ModelForm):
    attendees = PeopleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
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

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = programme_people()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The meeting must end after it starts.")
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", "Say where the meeting is, or give an online link.")
        return data


class ActionForm(CrispyMixin, forms.ModelForm):
    owner = PersonChoiceField(queryset=User.objects.none())

    class Meta:
        model = ActionItem
        fields = ["title", "owner", "site", "due_on", "notes"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, sites=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = programme_people()
        if sites is not None:
            self.fields["site"].queryset = sites


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
