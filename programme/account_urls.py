"""Sign up, sign in and out, passwords, and the profile with its civic persona."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import accounts as forms
from .views import accounts as views
from .views import council_sign_in, resume

app_name = "accounts"

urlpatterns = [
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/check-your-email/", views.check_email, name="check_email"),
    path("confirm/send/", views.send_confirmation, name="send_confirmation"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("email/", views.change_email, name="change_email"),
    path("my-data.json", views.my_data, name="my_data"),
    path("close/", views.close_account, name="close_account"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", council_sign_in.SignOutView.as_view(), name="logout"),
    path("council/", council_sign_in.StartView.as_view(), name="council_sign_in"),
    path("council/callback/", council_sign_in.CallbackView.as_view(), name="council_callback"),
    path("sign-in/resume/", resume.resume, name="resume"),
    path("sign-up/keep/", resume.keep_and_sign_up, name="keep_and_sign_up"),
    path("sign-in/resume/kept/", resume.resume_kept, name="resume_kept"),
    path("confirm-first/", resume.confirm_first, name="confirm_first"),
    path("profile/", views.profile, name="profile"),
    path(
        "password/",
        views.PasswordChangeView.as_view(
            form_class=forms.PasswordChangeForm,
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=forms.PasswordResetForm,
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=forms.SetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
