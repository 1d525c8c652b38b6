"""Emails people receive, sent only once the transaction that caused them commits."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

# (file name, content, MIME type), e.g. ("invite.ics", b"...", "text/calendar; method=REQUEST")
Attachment = tuple[str, bytes | str, str]


def header_safe(text: str) -> str:
    """Text for an email header: line breaks and other control characters become spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def render_text(template: str, context: dict[str, object]) -> str:
    """A plain-text email body. Every email renders here, without HTML escaping."""
    return render_to_string(
        template,
        {
            "programme_name": settings.PROGRAMME_NAME,
            "base_url": settings.PUBLIC_BASE_URL,
            "contact_email": settings.PROGRAMME_CONTACT_EMAIL,
            **context,
        },
        using="text",
    )


def email_after_commit(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, object],
    attachments: Sequence[Attachment] = (),
) -> None:
    """Queue a plain-text email rendered from `template`; nothing is sent if the change rolls back."""
    body = render_text(template, context)
    subject = header_safe(subject)

    def send() -> None:
        message = EmailMessage(subject, body, None, [header_safe(to)])
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        message.send(fail_silently=False)

    transaction.on_commit(send)
