from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from ..models import AUDIT_FIELDS, AUDIT_FORM_ONLY_FIELDS, AuditEntry, PilotSite, Role, User
from .base import CrispyMixin, model_field

MAX_IMPORT_BYTES = 1024 * 1024


class PublicNameChoiceField(forms.ModelChoiceField):
    """People by the name they show in public, never their email address."""

    def label_from_instance(self, obj: User) -> str:
        return obj.public_name


class AuditEntryForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = AuditEntry
        fields = ["site", *AUDIT_FIELDS, *AUDIT_FORM_ONLY_FIELDS]
        field_classes = {"feed_provider": PublicNameChoiceField}
        widgets = {
            "next_step": forms.Textarea(attrs={"rows": 3}),
            "last_reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, sites: QuerySet[PilotSite] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sites is not None:
            model_field(self, "site").queryset = sites
        model_field(self, "site").empty_label = None
        model_field(self, "feed_provider").queryset = (
            User.objects.filter(
                role_grants__role=Role.CONTENT_PROVIDER, role_grants__revoked_at__isnull=True
            )
            .distinct()
            .order_by("display_name", "email")
        )

    def validate_unique(self) -> None:
        # The service checks names per site and category and says so in words.
        return None


class AuditImportForm(CrispyMixin, forms.Form):
    site = forms.ModelChoiceField(queryset=PilotSite.objects.none(), empty_label=None)
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: category, name, url, and optionally feed_url, owner, reach, activity, relationship, "
            "contact_person, next_step, last_reviewed. Up to 1 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, sites: QuerySet[PilotSite] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "site").queryset = (
            sites if sites is not None else PilotSite.objects.none()
        )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                "Choose a CSV file (its name ends in .csv). Spreadsheets can be saved as CSV."
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                "The file is larger than 1 MB. Split it into smaller files."
            )
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(
            "The file's text could not be read. Save it as CSV UTF-8 and try again."
        )


class AuditImportConfirmForm(forms.Form):
    """The second step: the same text, sent back after the person has seen the preview."""

    site = forms.ModelChoiceField(queryset=PilotSite.objects.none())
    csv_text = forms.CharField(widget=forms.HiddenInput, max_length=MAX_IMPORT_BYTES)

    def __init__(self, *args: Any, sites: QuerySet[PilotSite] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "site").queryset = (
            sites if sites is not None else PilotSite.objects.none()
        )
        self.fields["site"].widget = forms.HiddenInput()
