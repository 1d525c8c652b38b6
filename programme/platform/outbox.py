"""The outbox: every email is written down first, then sent by the task worker.

`queue` stores the email in the caller's transaction and, once that commits, asks the
worker to send it. `deliver` claims it (so two workers never send it at once), sends
it, and on any failure waits longer each time (1, 5, 30 then 120 minutes) before the
next try; after the fifth it is marked failed, for a coordinator to send again from
the back office (`programme.services.emails.send_again`). `send_due` runs every minute and hands the worker whatever is due,
which also covers a job the queue lost.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from programme.platform.models import EmailStatus, OutgoingEmail
from programme.platform.retrying import retried

logger = logging.getLogger(__name__)

WAITS = [dt.timedelta(minutes=m) for m in (1, 5, 30, 120)]
MOST_ATTEMPTS = len(WAITS) + 1
STUCK_AFTER = dt.timedelta(minutes=15)  # a worker that claimed an email and never said
KEPT_FOR = dt.timedelta(days=7)  # sent emails, then deleted: they hold personal data


def _packed(content: object) -> dict[str, str]:
    if isinstance(content, bytes):
        return {"base64": base64.b64encode(content).decode()}
    if isinstance(content, str):
        return {"text": content}
    # A MIME part built by hand: nothing here sends one, and JSON could not hold it.
    raise TypeError(f"The outbox stores text and bytes, not {type(content).__name__}")


def _unpacked(content: dict[str, str]) -> bytes | str:
    return base64.b64decode(content["base64"]) if "base64" in content else content["text"]


def _stored(message: EmailMultiAlternatives) -> dict[str, object]:
    return {
        "body": message.body,
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            {"content": _packed(content), "mimetype": mimetype}
            for content, mimetype in message.alternatives
        ],
        "attachments": [
            {"filename": name, "content": _packed(content), "mimetype": mimetype}
            for name, content, mimetype in message.attachments
        ],
    }


def message_id(email: OutgoingEmail) -> str:
    """The same on every try (a mail server that took a first try and timed out sees the
    second as the same email), and on the public host, not the machine's own name
    ("…@localhost" in a container), which spam filters read as forged."""
    host = urlsplit(settings.PUBLIC_BASE_URL).hostname or "localhost"
    return f"<email-{email.pk}.{int(email.created_at.timestamp())}@{host}>"


def rebuilt(email: OutgoingEmail) -> EmailMultiAlternatives:
    stored = email.message
    message = EmailMultiAlternatives(
        email.subject,
        stored["body"],
        None,
        [email.to],
        reply_to=stored["reply_to"] or None,
        headers={**stored.get("headers", {}), "Message-ID": message_id(email)},
    )
    for part in stored["alternatives"]:
        message.attach_alternative(_unpacked(part["content"]), part["mimetype"])
    for part in stored["attachments"]:
        message.attach(part["filename"], _unpacked(part["content"]), part["mimetype"])
    return message


def queue(message: EmailMultiAlternatives, *, template: str) -> OutgoingEmail:
    """Write the email down now; the worker sends it once this transaction commits."""
    email = OutgoingEmail.objects.create(
        to=message.to[0],
        subject=str(message.subject),
        template=template,
        message=_stored(message),
    )
    transaction.on_commit(partial(hand_to_worker, email.pk))
    return email


def hand_to_worker(email_id: int) -> None:
    from programme.platform.tasks import deliver_email

    try:
        deliver_email.enqueue(email_id)
    except Exception:  # the queue is down: the email is stored, and the sweep sends it
        logger.exception("Could not queue email %s; the next sweep will send it", email_id)


def deliver(email_id: int) -> str:
    """Send one email if it is due and nobody else is sending it; say what happened."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            OutgoingEmail.objects.due(now)
            .filter(pk=email_id)
            .update(status=EmailStatus.SENDING, claimed_at=now)
        )
    if not claimed:
        return "not due"
    # From the claim on, a database that goes away for a moment is waited for: an email
    # left "being sent" is only freed by the sweep a quarter of an hour later, and one
    # already sent would then go twice. (Each step is safe to repeat.)
    email = retried(lambda: OutgoingEmail.objects.get(pk=email_id))
    try:
        rebuilt(email).send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 (whatever the mail server or the network did: recorded)
        return _failed(email, error)
    sent_at = timezone.now()
    retried(
        lambda: OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
            status=EmailStatus.SENT,
            sent_at=sent_at,
            attempts=email.attempts + 1,
            last_error="",
        )
    )
    return "sent"


def _failed(email: OutgoingEmail, error: Exception) -> str:
    attempts = email.attempts + 1
    given_up = attempts >= MOST_ATTEMPTS
    retried(
        lambda: OutgoingEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.FAILED if given_up else EmailStatus.WAITING,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=timezone.now() + (WAITS[-1] if given_up else WAITS[attempts - 1]),
        )
    )
    logger.warning("Email %s failed (attempt %s): %s", email.pk, attempts, error)
    return "failed" if given_up else "will try again"


def send_due(limit: int = 500) -> int:
    """Hand the worker every email that is due, and free any a lost worker held."""
    now = timezone.now()
    with transaction.atomic():
        OutgoingEmail.objects.filter(
            status=EmailStatus.SENDING, claimed_at__lt=now - STUCK_AFTER
        ).update(status=EmailStatus.WAITING, attempts=F("attempts") + 1, next_attempt_at=now)
        OutgoingEmail.objects.filter(status=EmailStatus.SENT, sent_at__lt=now - KEPT_FOR).delete()
    due = list(
        OutgoingEmail.objects.due(now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for email_id in due:
        hand_to_worker(email_id)
    return len(due)
