"""programme's background work, run by the task worker (`manage.py worker`)."""

from __future__ import annotations

from django_tasks import task

from .services import outbox


@task()
def deliver_email(email_id: int) -> str:
    return outbox.deliver(email_id)


@task()
def send_due_emails() -> int:
    return outbox.send_due()
