from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.validators import MaxLengthValidator

from programme.platform import limits

from .. import services
from ..models import RoleGrant, User
from ..notifications import email_after_commit, render_text
from ..services import accounts
from .base import CrispyMixin, model_field


class SignUpForm(CrispyMixin, forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address: we send a link there to confirm it",
            "invalid": "Enter an email address like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
        error_messages={"required": "Choose a password"},
    )
    password_again = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the same password again, to be sure it is right"},
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


class PasswordConfirmedForm(CrispyMixin, forms.Form):
    """A change to one's own account asks for the password again, so no one else can make
    it from a computer left signed in."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="So that no one else can do this from a computer you left signed in.",
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class EmailChangeForm(PasswordConfirmedForm):
    email = forms.EmailField(
        label="New email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We send a link there; your address changes when you follow it.",
        error_messages={"required": "Enter the new email address"},
    )
    field_order = ["email", "password"]


class CloseAccountForm(PasswordConfirmedForm):
    pass


def refuse_overlong_address(form: auth_forms.AuthenticationForm) -> None:
    """An address longer than any account's is refused by its field, before anyone looks it
    up. Django's sign-in form sets the field's length after making it, so nothing checked
    it: 60,000 characters reached the look-up (SQLite: "LIKE pattern too complex") and
    django-axes' record of the failure (255 characters on PostgreSQL), both a 500."""
    field = form.fields["username"]
    if not isinstance(field, forms.CharField):
        raise TypeError("the sign-in form's username is a CharField")
    field.validators.append(
        MaxLengthValidator(field.max_length or 254, "No account has an address that long.")
    )


class SignInForm(CrispyMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "That email address and password do not match an account. "
            "Check both and try again; passwords are case-sensitive."
        ),
        "inactive": "This account has been closed.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )
        refuse_overlong_address(self)


# Django's password forms name their fields "Old password", "New password confirmation":
# each says what to give in the words the page uses.
NEW_PASSWORD_MESSAGES = {
    "new_password1": "Choose a new password",
    "new_password2": "Enter the new password again, to be sure it is right",
}


def say_what_each_password_is(form: forms.BaseForm) -> None:
    for name, message in {
        **NEW_PASSWORD_MESSAGES,
        "old_password": "Enter your current password",
    }.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message


class PasswordChangeForm(CrispyMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_what_each_password_is(self)

    def save(self, commit: bool = True) -> User:
        return services.set_password(
            user=self.user, password=self.cleaned_data["new_password1"], how="changed"
        )


class PasswordResetForm(CrispyMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter the email address of your account"

    def get_users(self, email: str) -> Any:
        # A few reset emails an hour to one address, whoever asks; beyond that nothing
        # is sent, and the page says the same as ever.
        if not limits.allow(accounts.EMAILS_PER_ADDRESS, email):
            return iter(())
        return super().get_users(email)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # Through the one place every email goes: plain text never HTML-escaped, safe headers.
        email_after_commit(
            to=to_email,
            subject=render_text(subject_template_name, context),
            template=email_template_name,
            context=context,
        )


class SetPasswordForm(CrispyMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_what_each_password_is(self)

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
        label="Roles to show on your public profile",
        help_text="Chosen roles appear beside your name where you take part. Others stay private.",
    )

    class Meta:
        model = User
        fields = ["full_name", "display_name", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grants = RoleGrant.objects.active().filter(user=self.instance).select_related("site")
        model_field(self, "shown_roles").queryset = grants
        self.fields["shown_roles"].initial = [g.pk for g in grants if g.shown_on_persona]
        if not grants:
            del self.fields["shown_roles"]
