"""Running and closing a workshop: attendance, check-in, outcomes, feedback, reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from programme import hooks
from programme.models import User
from programme.notifications import email_after_commit
from programme.platform.background import after_commit
from programme.services import NotAllowed, log_activity
from programme.services import meetings as meeting_services

from .. import ics, permissions, tasks
from ..models import (
    Feedback,
    Outcome,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)
from .errors import WorkshopError

# Running and closing -------------------------------------------------------------


@transaction.atomic
def mark_attendance(*, actor: User, registration: Registration, attended: bool) -> Registration:
    registration = (
        Registration.objects.select_for_update()
        .select_related("workshop__site")
        .get(pk=registration.pk)
    )
    if not permissions.can_take_attendance(actor, registration.workshop):
        raise NotAllowed(
            "Only the workshop's facilitators, site lead or a coordinator take attendance."
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise WorkshopError("Only people with a confirmed place can be marked.", "not_confirmed")
    registration.attended = attended
    registration.attendance_marked_at = timezone.now()
    registration.attendance_marked_by = actor
    registration.save(update_fields=["attended", "attendance_marked_at", "attendance_marked_by"])
    if attended:
        _attendance_marked(registration, actor)
    log_activity(
        actor=actor,
        action="workshops.attendance",
        summary=f"{registration.name} marked {'present' if attended else 'absent'}",
        target=registration,
        site=registration.workshop.site,
    )
    return registration


@transaction.atomic
def check_in(*, workshop: Workshop, code: str, actor: User | None = None) -> Registration:
    """A person checks in with their registration code, on the day."""
    now = timezone.now()
    if not (workshop.starts_at - dt.timedelta(hours=2) <= now <= workshop.ends_at):
        raise WorkshopError(
            "Check-in opens two hours before the start and closes at the end.", "not_checkin_time"
        )
    registration = (
        Registration.objects.select_for_update()
        .filter(workshop=workshop, code=code.strip().upper(), status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        raise WorkshopError(
            "That code does not match a confirmed place at this workshop.", "unknown_code"
        )
    registration.attended = True
    registration.attendance_marked_at = now
    registration.save(update_fields=["attended", "attendance_marked_at"])
    _attendance_marked(registration, actor)
    log_activity(
        actor=actor,
        action="workshops.checked_in",
        summary=f"{registration.name} checked in",
        target=registration,
        site=workshop.site,
    )
    return registration


@transaction.atomic
def record_outcome(
    *,
    actor: User,
    workshop: Workshop,
    notes: str,
    decisions: str,
    public_summary: str = "",
    actions: Iterable[dict[str, Any]] = (),
) -> Outcome:
    """Record what came of a workshop; each action becomes a programme action at the site.

    The public summary is shown on the workshop's page to anyone; the notes and decisions
    only to the people running it (`permissions.can_read_outcome_notes`)."""
    if not permissions.can_manage(actor, workshop):
        raise NotAllowed("Only the site lead or a coordinator records outcomes.")
    if (
        workshop.status not in (WorkshopStatus.HELD, WorkshopStatus.PUBLISHED)
        or workshop.starts_at > timezone.now()
    ):
        raise WorkshopError("Outcomes are recorded once the workshop has taken place.", "not_held")
    outcome, _ = Outcome.objects.update_or_create(
        workshop=workshop,
        defaults={
            "public_summary": public_summary,
            "notes": notes,
            "decisions": decisions,
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    for action in actions:
        meeting_services.raise_action(
            actor=actor,
            title=action["title"],
            owner=action["owner"],
            site=workshop.site,
            due_on=action.get("due_on"),
            notes=f"From the workshop “{workshop.title}”.",
        )
    log_activity(
        actor=actor,
        action="workshops.outcome",
        summary=f"Outcome of “{workshop}” recorded",
        target=workshop,
        site=workshop.site,
    )
    return outcome


def ask_for_feedback(registration_ids: list[int]) -> int:
    """Email each attendee a link to the feedback form (worker)."""
    registrations = list(
        Registration.objects.filter(pk__in=registration_ids).select_related("workshop", "person")
    )
    with transaction.atomic():
        for registration in registrations:
            email_after_commit(
                to=registration.email,
                subject=f"How was {registration.workshop.title}?",
                template="workshops/email/feedback.txt",
                context={"registration": registration, "workshop": registration.workshop},
            )
    return len(registrations)


@transaction.atomic
def request_feedback(*, actor: User, workshop: Workshop) -> int:
    """Email each attendee a link to the short feedback form (once each)."""
    if not permissions.can_take_attendance(actor, workshop):
        raise NotAllowed("Only the workshop's team asks for feedback.")
    attendees = (
        workshop.registrations.confirmed()
        .filter(attended=True, feedback_requested_at__isnull=True)
        .select_related("person")
    )
    asked = list(attendees.values_list("pk", flat=True))
    Registration.objects.filter(pk__in=asked).update(feedback_requested_at=timezone.now())
    if asked:
        after_commit(tasks.ask_for_feedback, asked)
    count = len(asked)
    log_activity(
        actor=actor,
        action="workshops.feedback_requested",
        summary=f"Feedback asked of {count} attendees",
        target=workshop,
        site=workshop.site,
    )
    return count


@transaction.atomic
def give_feedback(*, registration: Registration, rating: int, comments: str) -> Feedback:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.attended:
        raise WorkshopError("Feedback is for people who attended.", "not_attended")
    if not 1 <= rating <= 5:
        raise WorkshopError("Choose a rating from 1 to 5.", "bad_rating")
    if Feedback.objects.filter(registration=registration).exists():
        raise WorkshopError("You have already given feedback. Thank you!", "already_given")
    feedback = Feedback.objects.create(
        registration=registration, rating=rating, comments=comments.strip()
    )
    log_activity(
        actor=None,
        action="workshops.feedback",
        summary="Workshop feedback given",
        target=registration.workshop,
        site=registration.workshop.site,
    )
    return feedback


# Reminders ---------------------------------------------------------------------


def send_due_reminders(*, now: dt.datetime | None = None, lead: dt.timedelta) -> int:
    """Send each confirmed attendee one reminder, `lead` before the start. Safe to run every few minutes.

    People who registered after the reminder fell due already had their
    confirmation moments ago, so they are skipped.
    """
    now = now or timezone.now()
    due = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            workshop__status=WorkshopStatus.PUBLISHED,
            workshop__starts_at__gt=now,
            workshop__starts_at__lte=now + lead,
        )
        .select_related("workshop__site", "person")
        .order_by("pk")
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            locked = Registration.objects.select_for_update().get(pk=registration.pk)
            if locked.reminder_sent_at is not None:  # another run got there first
                continue
            locked.reminder_sent_at = now
            locked.save(update_fields=["reminder_sent_at"])
            workshop = registration.workshop
            if (locked.confirmed_at or locked.created_at) >= workshop.starts_at - lead:
                continue  # registered after the reminder was due: their confirmation was the reminder
            email_after_commit(
                to=registration.email,
                subject=f"Reminder: {workshop.title}",
                template="workshops/email/reminder.txt",
                context={
                    "registration": registration,
                    "workshop": workshop,
                    "agenda": list(workshop.agenda.all()),
                },
                attachments=[
                    (
                        "invite.ics",
                        ics.invitation(workshop, registration.email),
                        "text/calendar; method=REQUEST",
                    )
                ],
            )
            sent += 1
    return sent


def _attendance_marked(registration: Registration, actor: User | None) -> None:
    """Tell the apps above (ambassadors tick "attend an induction")."""
    for listener in hooks.attendance_marked.implementations():
        listener(registration, actor)
