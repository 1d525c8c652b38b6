from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html

from .. import services
from ..models import RoleGrant, User
from .base import CrispyMixin


class SignUpForm(CrispyMixin, forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            data.get("password")
            and data.get("password_again")
            and data["password"] != data["password_again"]
        ):
            self.add_error("password_again", "The two passwords do not match.")
        return data


class SignInForm(CrispyMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "That email address and password do not match an account. "
            "Check both and try again; passwords are case-sensitive."
        ),
        "inactive": "This account has been closed.",
    }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )


class PasswordChangeForm(CrispyMixin, auth_forms.PasswordChangeForm):
    def save(self, commit: bool = True) -> User:
        return services.set_password(
            user=self.user, password=self.cleaned_data["new_password1"], how="changed"
        )


class PasswordResetForm(CrispyMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(CrispyMixin, auth_forms.SetPasswordForm):
    def save(self, commit: bool = True) -> User:
        return services.set_password(
            user=self.user, password=self.cleaned_data["new_password1"], how="reset"
        )


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: RoleGrant) -> str:
        return obj.label


class ProfileForm(CrispyMixin, forms.ModelForm):
    shown_roles = RoleChoiceField(
        queryset=RoleGrant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles to show on your civic persona",
        help_text="Chosen roles appear beside your name where you take part. Others stay private.",
    )

    class Meta:
        model = User
        fields = ["full_name", "display_name", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        grants = RoleGrant.objects.active().filter(user=self.instance).select_related("site")
        self.fields["shown_roles"].queryset = grants
        self.fields["shown_roles"].initial = [g.pk for g in grants if g.shown_on_persona]
        if not grants:
            del self.fields["shown_roles"]
