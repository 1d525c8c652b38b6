"""Emails people receive, written to the outbox and sent by the task worker once the
transaction that caused them commits (programme/platform/outbox.py).

Every email is built here, from one layout: a plain-text part (rendered without
HTML escaping, so "Seán O'Brien" and "Q&A" read as typed) and an HTML part of
the same words, both ending with why the person is getting it, how to stop
where they can, and whether replies are read. A calendar attachment also goes
in as a `text/calendar; method=…` alternative, so mail clients offer Accept
and Decline. Headers built from what people typed are made safe here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# (file name, content, MIME type), e.g. ("invite.ics", b"...", "text/calendar; method=REQUEST")
Attachment = tuple[str, bytes | str, str]


@dataclass(frozen=True)
class Why:
    """Why a person gets an email, how they can stop it, and whether a reply is read."""

    reason: str
    stop: str = ""
    replies_read: bool = False


# By the folder of the email's template; the first matching prefix wins.
WHY: dict[str, Why] = {
    "accounts/email/": Why(
        "You are getting this because this address was used for an account.",
        "If you no longer want the account, close it from your profile.",
    ),
    "ambassadors/email/left": Why(
        "You are getting this because you were a community ambassador.",
        replies_read=True,
    ),
    "ambassadors/email/reference_request": Why(
        "You are getting this because an applicant named you as their referee.",
        "If you would rather not give a reference, you need do nothing.",
    ),
    "ambassadors/email/": Why(
        "You are getting this because of an application to be a community ambassador.",
        "To stop, withdraw the application or erase your details from its status link.",
    ),
    "policy_drafts/email/suggestion_decided": Why(
        "You are getting this because you suggested a change to a policy draft.",
        replies_read=True,
    ),
    "policy_drafts/email/responded": Why(
        "You are getting this because you commented on a policy draft and its owners answered you.",
        replies_read=True,
    ),
    "policy_drafts/email/comments_closed": Why(
        "You are getting this because you own a policy draft whose comments have closed.",
    ),
    "policy_drafts/email/replied": Why(
        "You are getting this because someone replied to your comment on a policy draft.",
    ),
    "policy_drafts/email/": Why(
        "You are getting this because you agreed to a policy that has changed.",
    ),
    "programme/email/following_confirm": Why(
        "You are getting this because this address was given to follow something on a "
        "town hall site.",
        "Without a confirmation we never write again.",
    ),
    # Said more exactly for each email (what they follow, why): programme.following._why.
    "programme/email/following": Why(
        "You are getting this because you follow something on a town hall site.",
        "To stop, use the link in this email: one click, no sign-in needed.",
    ),
    "programme/email/content_": Why(
        "You are getting this because a moderator decided on something you wrote.",
        replies_read=True,
    ),
    "townhall/email/complaint": Why(
        "You are getting this because you coordinate the programme.",
    ),
    "townhall/email/moderation_waiting": Why(
        "You are getting this because you are a community ambassador for this site.",
        "At most one such email an hour; if you step down as an ambassador they stop.",
    ),
    "townhall/email/editor_invitation": Why(
        "You are getting this because a site lead invited this address to edit their site.",
    ),
    "townhall/email/": Why(
        "You are getting this because you posted on a town hall site.",
        replies_read=True,
    ),
    "workshops/email/threshold": Why(
        "You are getting this because you plan workshops for the programme.",
    ),
    "workshops/email/": Why(
        "You are getting this because you registered for a workshop, or were invited to one.",
        "To stop, cancel your place from its link in this email.",
    ),
}
GENERAL = Why("You are getting this because of your part in the programme.")


def why(template: str) -> Why:
    return next((w for prefix, w in WHY.items() if template.startswith(prefix)), GENERAL)


def header_safe(text: str) -> str:
    """Text for an email header: line breaks and other control characters become spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _common() -> dict[str, object]:
    return {
        "programme_name": settings.PROGRAMME_NAME,
        "base_url": settings.PUBLIC_BASE_URL,
        "contact_email": settings.PROGRAMME_CONTACT_EMAIL,
    }


def render_text(template: str, context: dict[str, object]) -> str:
    """A plain-text email body. Every email renders here, without HTML escaping."""
    return render_to_string(template, {**_common(), **context}, using="text")


def _footer(reasons: Why) -> str:
    replies = (
        f"Replies to this email reach the programme's coordinators ({settings.PROGRAMME_CONTACT_EMAIL})."
        if reasons.replies_read
        else f"Replies to this address are not read; write to {settings.PROGRAMME_CONTACT_EMAIL}."
    )
    return " ".join(part for part in (reasons.reason, reasons.stop, replies) if part)


def build_message(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, object],
    attachments: Sequence[Attachment] = (),
    reasons: Why | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """The whole email: text and HTML parts from one layout, calendar parts, safe headers.
    `reasons` says why this one came where the template's folder cannot (what the person
    follows); `headers` adds headers such as List-Unsubscribe."""
    body = render_text(template, context).strip()
    reasons = reasons or why(template)
    footer = _footer(reasons)
    text = f"{body}\n\n-- \n{footer}\n"
    html = render_to_string(
        "emails/layout.html", {**_common(), "subject": subject, "body": body, "footer": footer}
    )
    message = EmailMultiAlternatives(
        header_safe(subject),
        text,
        None,
        [header_safe(to)],
        reply_to=[settings.PROGRAMME_CONTACT_EMAIL] if reasons.replies_read else None,
        headers={name: header_safe(value) for name, value in (headers or {}).items()},
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        if mimetype.startswith("text/calendar"):
            # As an alternative part too: what makes mail clients offer Accept and Decline.
            text_content = content.decode() if isinstance(content, bytes) else content
            message.attach_alternative(text_content, mimetype)
        message.attach(name, content, mimetype)
    return message


def email_after_commit(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, object],
    attachments: Sequence[Attachment] = (),
    reasons: Why | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Write an email rendered from `template` to the outbox; the task worker sends it once
    the transaction commits (nothing is sent if it rolls back, nothing lost if it commits)."""
    from programme.platform import outbox

    message = build_message(
        to=to,
        subject=subject,
        template=template,
        context=context,
        attachments=attachments,
        reasons=reasons,
        headers=headers,
    )
    outbox.queue(message, template=template)
