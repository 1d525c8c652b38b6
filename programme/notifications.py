"""Emails people receive, sent only once the transaction that caused them commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def email_after_commit(*, to: str, subject: str, template: str, context: dict[str, object]) -> None:
    """Queue a plain-text email rendered from `template`; nothing is sent if the change rolls back."""
    body = render_to_string(template, {"programme_name": settings.PROGRAMME_NAME, **context})

    def send() -> None:
        send_mail(subject, body, None, [to], fail_silently=False)

    transaction.on_commit(send)
