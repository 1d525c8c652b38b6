"""What coordinators do with the outbox (programme/platform/outbox.py) from the back office."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from programme.platform import outbox
from programme.platform.models import EmailStatus, OutgoingEmail

from ..models import User
from .activity import log_activity


def send_again(*, actor: User, emails: Iterable[OutgoingEmail]) -> int:
    """A coordinator asks for failed emails to be tried again, from the first wait."""
    chosen = [email for email in emails if email.status == EmailStatus.FAILED]
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk__in=[email.pk for email in chosen]).update(
            status=EmailStatus.WAITING, attempts=0, next_attempt_at=timezone.now()
        )
        for email in chosen:
            log_activity(
                actor=actor,
                action="programme.email.sent_again",
                summary=f"Asked for “{email.subject}” to {email.to} to be sent again",
                target=email,
            )
            transaction.on_commit(partial(outbox.hand_to_worker, email.pk))
    return len(chosen)
