"""Every email goes through the outbox: a mail outage never fails a request, nothing is lost."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import NoReturn

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

from programme.models import ActivityLog, EmailStatus, OutgoingEmail
from programme.platform import outbox

DOWN = "tests.programme.test_outbox.MailServerDown"


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages: object) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def _reset(client, person, capture):
    with capture(execute=True):
        return client.post(reverse("accounts:password_reset"), {"email": person.email})


def _later(minutes: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_a_request_with_the_mail_server_down_succeeds_and_its_email_waits(
    client, resident, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = DOWN
    response = _reset(client, resident, django_capture_on_commit_callbacks)
    assert response.status_code == 302  # was a 500 when the email was sent in the request
    assert response["Location"] == reverse("accounts:password_reset_done")
    email = OutgoingEmail.objects.get()
    assert (email.to, email.status, email.attempts) == (resident.email, EmailStatus.WAITING, 1)
    assert "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at > timezone.now()  # the first wait: a minute

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_due() == 0  # not yet due
    email.next_attempt_at = timezone.now()
    email.save()
    assert outbox.send_due() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert "password" in mail.outbox[0].subject.lower()
    assert mail.outbox[0].to == [resident.email]


def test_an_email_is_tried_five_times_with_longer_waits_then_marked_failed_and_sent_again(
    client, coordinator, resident, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.EMAIL_BACKEND = DOWN
    _reset(client, resident, django_capture_on_commit_callbacks)
    email = OutgoingEmail.objects.get()
    waits, tried_at = [], timezone.now()
    for _ in range(4):
        email.refresh_from_db()
        waits.append(round((email.next_attempt_at - tried_at).total_seconds() / 60))
        tried_at = email.next_attempt_at
        monkeypatch.setattr(outbox.timezone, "now", lambda at=tried_at: at)
        outbox.send_due()
        monkeypatch.undo()
    email.refresh_from_db()
    assert waits == [1, 5, 30, 120]
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 5)

    # A coordinator sees it on the dashboard and sends it again from the back office.
    staff = client
    staff.force_login(coordinator)
    assert "1 email could not be sent" in staff.get(reverse("programme:dashboard")).content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("admin:programme_outgoingemail_changelist"),
            {"action": "send_again", "_selected_action": [email.pk]},
        )
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1
    assert ActivityLog.objects.filter(action="programme.email.sent_again", actor=coordinator)


def test_only_coordinators_see_the_outbox(client_as, officer, coordinator):
    url = reverse("admin:programme_outgoingemail_changelist")
    assert client_as(coordinator).get(url).status_code == 200
    officer.is_staff = True
    officer.save()
    assert client_as(officer).get(url).status_code == 403


def test_two_workers_never_send_the_same_email(resident, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from programme.notifications import email_after_commit

    email_after_commit(
        to=resident.email, subject="Hello", template="accounts/email/confirm.txt", context={}
    )
    email = OutgoingEmail.objects.get()
    assert outbox.deliver(email.pk) == "sent"
    assert outbox.deliver(email.pk) == "not due"  # the second worker finds it taken
    assert len(mail.outbox) == 1


class QueueDown(ImmediateBackend):
    def enqueue(self, task: object, args: object, kwargs: object) -> NoReturn:
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")


def test_a_queue_that_is_down_loses_nothing(
    client, resident, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "tests.programme.test_outbox.QueueDown"}}
    response = _reset(client, resident, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert OutgoingEmail.objects.get().status == EmailStatus.WAITING
    assert mail.outbox == []
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert outbox.send_due() == 1
    assert len(mail.outbox) == 1


def test_a_worker_that_vanished_mid_send_leaves_the_email_to_the_next_sweep(resident):
    email = OutgoingEmail.objects.create(
        to=resident.email,
        subject="Hello",
        template="t",
        message={"body": "Hi", "reply_to": [], "alternatives": [], "attachments": []},
        status=EmailStatus.SENDING,
        claimed_at=timezone.now() - dt.timedelta(minutes=20),
    )
    assert outbox.send_due() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert mail.outbox[0].body == "Hi"


@pytest.mark.django_db(transaction=True)
def test_on_the_database_queue_the_request_only_writes_and_the_worker_sends(
    client, resident, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    client.post(reverse("accounts:password_reset"), {"email": resident.email})
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--queue-name", "default", verbosity=0)
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT


def test_calendar_parts_and_attachments_survive_the_outbox(resident):
    from programme.notifications import build_message

    message = build_message(
        to=resident.email,
        subject="Invitation: Q&A",
        template="accounts/email/confirm.txt",
        context={},
        attachments=[
            ("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar; method=REQUEST")
        ],
    )
    stored = outbox.queue(message, template="accounts/email/confirm.txt")
    again = outbox.rebuilt(stored)
    assert again.subject == "Invitation: Q&A"
    assert again.body == message.body
    assert [m for _, m in again.alternatives] == [m for _, m in message.alternatives]
    assert again.attachments[0][0] == "invite.ics"
    assert "BEGIN:VCALENDAR" in str(again.attachments[0][1])
