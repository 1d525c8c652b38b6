"""Every write in workshops/: planning, registration and the waiting list, attendance, outcomes.

Registration locks the workshop row, so two people can never take the last
place at once; cancelling a place promotes the first person waiting in the
same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from programme.models import PilotSite, Role, RoleGrant, User
from programme.notifications import email_after_commit
from programme.services import ProgrammeError, log_activity
from programme.services import meetings as meeting_services

from . import ics, permissions
from .agenda_templates import TEMPLATES
from .models import (
    AgendaItem,
    Audience,
    CalendarToken,
    Feedback,
    Invitation,
    Outcome,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)
from .models.registrations import new_token


class WorkshopError(ProgrammeError):
    """A workshop rule refused the change."""


# Changes a calendar must pick up: they raise the event's SEQUENCE.
CALENDAR_FIELDS = {"starts_at", "ends_at", "venue_name", "venue_address", "online_url", "title"}
EDITABLE_FIELDS = [
    "title",
    "kind",
    "objectives",
    "audiences",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "access_notes",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "access",
]


def _unique_slug(title: str, starts_at: dt.datetime) -> str:
    base = (
        f"{slugify(title)[:60]}-{timezone.localtime(starts_at):%Y-%m-%d}".strip("-") or "workshop"
    )
    slug, n = base, 2
    while Workshop.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check(workshop: Workshop) -> None:
    if workshop.ends_at <= workshop.starts_at:
        raise WorkshopError("The workshop must end after it starts.", "ends_before_start")
    if workshop.registration_closes_at and workshop.registration_closes_at > workshop.starts_at:
        raise WorkshopError(
            "Registration must close no later than the start.", "closes_after_start"
        )
    if (
        workshop.registration_opens_at
        and workshop.registration_closes_at
        and workshop.registration_opens_at >= workshop.registration_closes_at
    ):
        raise WorkshopError("Registration must open before it closes.", "opens_after_closing")
    if not (workshop.venue_name or workshop.online_url):
        raise WorkshopError("Give a venue, an online link, or both.", "no_place")
    if workshop.capacity < 1:
        raise WorkshopError("A workshop needs at least one place.", "no_places")
    if any(value not in Audience.values for value in workshop.audiences):
        raise WorkshopError("Choose audiences from the list.", "bad_audience")


@transaction.atomic
def create_workshop(
    *,
    actor: User,
    site: PilotSite,
    facilitators: Iterable[User] = (),
    template: str = "",
    **fields: Any,
) -> Workshop:
    """Plan a workshop (as a draft). Optionally start its agenda from a template."""
    if not permissions.can_manage_workshops_at(actor, site):
        raise WorkshopError("You can only plan workshops at your own site.", "not_allowed")
    workshop = Workshop(
        site=site, created_by=actor, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    )
    _check(workshop)
    workshop.slug = _unique_slug(workshop.title, workshop.starts_at)
    workshop.save()
    workshop.facilitators.set(facilitators)
    if template:
        _apply_template(workshop, template)
    log_activity(
        actor=actor,
        action="workshops.created",
        summary=f"Workshop “{workshop}” planned",
        target=workshop,
        site=site,
    )
    return workshop


@transaction.atomic
def edit_workshop(
    *, actor: User, workshop: Workshop, facilitators: Iterable[User] | None = None, **fields: Any
) -> Workshop:
    """Change a workshop. Capacity never drops below the places already confirmed."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not permissions.can_manage(actor, workshop):
        raise WorkshopError("You can only edit workshops at your own site.", "not_allowed")
    if workshop.is_cancelled:
        raise WorkshopError(
            "This workshop has been cancelled; it can no longer be changed.", "cancelled"
        )
    changed = {
        name
        for name in EDITABLE_FIELDS
        if name in fields and getattr(workshop, name) != fields[name]
    }
    for name in changed:
        setattr(workshop, name, fields[name])
    _check(workshop)
    confirmed = workshop.registrations.confirmed().count()
    if workshop.capacity < confirmed:
        raise WorkshopError(
            f"{confirmed} places are already confirmed; capacity cannot go below that.",
            "capacity_below_confirmed",
        )
    if changed & CALENDAR_FIELDS:
        workshop.sequence += 1
    workshop.updated_at = timezone.now()
    workshop.save()
    if facilitators is not None:
        workshop.facilitators.set(facilitators)
    if "capacity" in changed:
        _promote_waiting(workshop)
    if changed & CALENDAR_FIELDS and workshop.status == WorkshopStatus.PUBLISHED:
        for registration in workshop.registrations.confirmed().select_related("person"):
            _send_invitation(registration, subject=f"Changed: {workshop.title}")
    log_activity(
        actor=actor,
        action="workshops.edited",
        summary=f"Workshop “{workshop}” edited",
        target=workshop,
        site=workshop.site,
        data={"changed": sorted(changed)},
    )
    return workshop


@transaction.atomic
def publish_workshop(*, actor: User, workshop: Workshop) -> Workshop:
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not permissions.can_manage(actor, workshop):
        raise WorkshopError("You can only publish workshops at your own site.", "not_allowed")
    if workshop.status != WorkshopStatus.DRAFT:
        raise WorkshopError("Only a draft can be published.", "not_draft")
    workshop.status = WorkshopStatus.PUBLISHED
    workshop.updated_at = timezone.now()
    workshop.save(update_fields=["status", "updated_at"])
    log_activity(
        actor=actor,
        action="workshops.published",
        summary=f"Workshop “{workshop}” published",
        target=workshop,
        site=workshop.site,
    )
    return workshop


@transaction.atomic
def cancel_workshop(*, actor: User, workshop: Workshop, reason: str) -> Workshop:
    """Cancel: everyone registered is told, with a calendar cancellation (same UID)."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not permissions.can_manage(actor, workshop):
        raise WorkshopError("You can only cancel workshops at your own site.", "not_allowed")
    if workshop.status in (WorkshopStatus.CANCELLED, WorkshopStatus.HELD):
        raise WorkshopError("This workshop cannot be cancelled now.", "cannot_cancel")
    if not reason.strip():
        raise WorkshopError("Say why, so the people registered understand.", "reason_required")
    workshop.status = WorkshopStatus.CANCELLED
    workshop.sequence += 1
    workshop.updated_at = timezone.now()
    workshop.save(update_fields=["status", "sequence", "updated_at"])
    for registration in workshop.registrations.active().select_related("person"):
        email_after_commit(
            to=registration.email,
            subject=f"Cancelled: {workshop.title}",
            template="workshops/email/cancelled.txt",
            context={"registration": registration, "workshop": workshop, "reason": reason.strip()},
            attachments=[
                (
                    "cancel.ics",
                    ics.invitation(workshop, registration.email),
                    "text/calendar; method=CANCEL",
                )
            ],
        )
    log_activity(
        actor=actor,
        action="workshops.cancelled",
        summary=f"Workshop “{workshop}” cancelled",
        target=workshop,
        site=workshop.site,
        data={"reason": reason.strip()},
    )
    return workshop


@transaction.atomic
def mark_held(*, actor: User, workshop: Workshop) -> Workshop:
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not permissions.can_take_attendance(actor, workshop):
        raise WorkshopError(
            "Only its facilitators, site lead or a coordinator can close a workshop.", "not_allowed"
        )
    if workshop.status != WorkshopStatus.PUBLISHED or not workshop.starts_at <= timezone.now():
        raise WorkshopError("A workshop is marked held once it has started.", "not_started")
    workshop.status = WorkshopStatus.HELD
    workshop.save(update_fields=["status"])
    log_activity(
        actor=actor,
        action="workshops.held",
        summary=f"Workshop “{workshop}” held",
        target=workshop,
        site=workshop.site,
    )
    return workshop


# Agenda -----------------------------------------------------------------------


def _apply_template(workshop: Workshop, key: str) -> None:
    if key not in TEMPLATES:
        raise WorkshopError("Choose an agenda template from the list.", "unknown_template")
    start = len(workshop.agenda.all())
    AgendaItem.objects.bulk_create(
        AgendaItem(workshop=workshop, position=start + n, title=title, notes=notes)
        for n, (title, notes) in enumerate(TEMPLATES[key].items)
    )


@transaction.atomic
def save_agenda(
    *, actor: User, workshop: Workshop, items: list[dict[str, Any]]
) -> list[AgendaItem]:
    """Replace the agenda with `items` in order (time, title, lead, notes)."""
    if not permissions.can_manage(actor, workshop):
        raise WorkshopError("You can only edit agendas at your own site.", "not_allowed")
    workshop.agenda.all().delete()  # agenda lines are the planner's own working text, not contributions
    created = AgendaItem.objects.bulk_create(
        AgendaItem(
            workshop=workshop,
            position=n,
            **{
                k: item.get(k) or ("" if k != "time" else None)
                for k in ("time", "title", "lead", "notes")
            },
        )
        for n, item in enumerate(items)
        if item.get("title")
    )
    log_activity(
        actor=actor,
        action="workshops.agenda_saved",
        summary=f"Agenda of “{workshop}” saved",
        target=workshop,
        site=workshop.site,
    )
    return created


@transaction.atomic
def apply_agenda_template(*, actor: User, workshop: Workshop, template: str) -> Workshop:
    if not permissions.can_manage(actor, workshop):
        raise WorkshopError("You can only edit agendas at your own site.", "not_allowed")
    _apply_template(workshop, template)
    log_activity(
        actor=actor,
        action="workshops.agenda_template",
        summary=f"Agenda template added to “{workshop}”",
        target=workshop,
        site=workshop.site,
        data={"template": template},
    )
    return workshop


# Registration -----------------------------------------------------------------


def _registration_open(workshop: Workshop, now: dt.datetime) -> None:
    if workshop.status != WorkshopStatus.PUBLISHED:
        raise WorkshopError("This workshop is not taking registrations.", "not_open")
    if workshop.registration_opens_at and now < workshop.registration_opens_at:
        opens = timezone.localtime(workshop.registration_opens_at)
        raise WorkshopError(f"Registration opens on {opens:%-d %B %Y at %H:%M}.", "not_yet_open")
    closes = workshop.registration_closes_at or workshop.starts_at
    if now >= closes:
        raise WorkshopError("Registration for this workshop has closed.", "closed")


def _notify_thresholds(workshop: Workshop) -> None:
    """Tell coordinators when a workshop is 80% full, and when it is full (once each)."""
    confirmed = workshop.registrations.confirmed().count()
    now = timezone.now()
    marks = []
    if confirmed >= workshop.capacity and not workshop.notified_full_at:
        workshop.notified_full_at = now
        marks.append(("full", "notified_full_at"))
    if confirmed * 5 >= workshop.capacity * 4 and not workshop.notified_nearly_full_at:
        workshop.notified_nearly_full_at = now
        marks.append(("80% full", "notified_nearly_full_at"))
    if not marks:
        return
    workshop.save(update_fields=[field for _, field in marks])
    coordinators = User.objects.filter(
        role_grants__role=Role.COORDINATOR, role_grants__revoked_at__isnull=True, is_active=True
    ).distinct()
    label = marks[0][0]
    for coordinator in coordinators:
        email_after_commit(
            to=coordinator.email,
            subject=f"{workshop.title} is {label}",
            template="workshops/email/threshold.txt",
            context={"workshop": workshop, "label": label, "confirmed": confirmed},
        )


def _send_invitation(registration: Registration, *, subject: str) -> None:
    workshop = registration.workshop
    email_after_commit(
        to=registration.email,
        subject=subject,
        template="workshops/email/confirmed.txt",
        context={"registration": registration, "workshop": workshop},
        attachments=[
            (
                "invite.ics",
                ics.invitation(workshop, registration.email),
                "text/calendar; method=REQUEST",
            )
        ],
    )


def _take_place_or_queue(workshop: Workshop, registration: Registration, now: dt.datetime) -> None:
    """Confirm if a place is free, otherwise join the waiting list. The workshop row is locked."""
    if workshop.registrations.confirmed().count() < workshop.capacity:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = now


def _announce(registration: Registration) -> None:
    workshop = registration.workshop
    if registration.status == RegistrationStatus.CONFIRMED:
        _send_invitation(registration, subject=f"Your place: {workshop.title}")
        _notify_thresholds(workshop)
    else:
        email_after_commit(
            to=registration.email,
            subject=f"Waiting list: {workshop.title}",
            template="workshops/email/waitlisted.txt",
            context={"registration": registration, "workshop": workshop},
        )


@transaction.atomic
def register(
    *,
    workshop: Workshop,
    person: User | None = None,
    guest_name: str = "",
    guest_email: str = "",
    audience: str,
    accessibility_needs: str = "",
    dietary_requirements: str = "",
    consent: bool,
) -> Registration:
    """Register a person (or a guest, who confirms by email) for a place or the waiting list."""
    now = timezone.now()
    workshop = Workshop.objects.select_for_update().select_related("site").get(pk=workshop.pk)
    _registration_open(workshop, now)
    if not consent:
        raise WorkshopError("Agree to the privacy notice to register.", "consent_required")
    if audience not in Audience.values:
        raise WorkshopError("Choose how you are coming.", "bad_audience")
    signed_in = person is not None and person.is_authenticated
    if not signed_in:
        person = None
        guest_email = guest_email.strip().lower()
        if not (guest_name.strip() and guest_email):
            raise WorkshopError("Give your name and email address.", "guest_details")
        if User.objects.filter(email__iexact=guest_email).exists():
            raise WorkshopError(
                "An account uses this email address: sign in to register.", "has_account"
            )
    if not permissions.may_register(person if person else AnonymousUser(), workshop):
        raise WorkshopError("This workshop is by invitation only.", "not_invited")
    existing = workshop.registrations.active()
    if (person and existing.filter(person=person).exists()) or (
        not person and existing.filter(guest_email=guest_email).exists()
    ):
        raise WorkshopError("You are already registered for this workshop.", "already_registered")
    registration = Registration(
        workshop=workshop,
        person=person,
        guest_name=guest_name.strip() if not person else "",
        guest_email=guest_email if not person else "",
        audience=audience,
        accessibility_needs=accessibility_needs.strip(),
        dietary_requirements=dietary_requirements.strip(),
        consented_at=now,
    )
    if person:
        _take_place_or_queue(workshop, registration, now)
    else:
        registration.status = (
            RegistrationStatus.UNCONFIRMED
        )  # holds no place until the email is confirmed
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise WorkshopError(
            "You are already registered for this workshop.", "already_registered"
        ) from error
    if person:
        _announce(registration)
    else:
        email_after_commit(
            to=registration.email,
            subject=f"Confirm your registration: {workshop.title}",
            template="workshops/email/confirm_guest.txt",
            context={"registration": registration, "workshop": workshop},
        )
    log_activity(
        actor=person,
        action=f"workshops.registration.{registration.status}",
        summary=f"{registration.name} registered for “{workshop}” ({registration.get_status_display().lower()})",
        target=registration,
        site=workshop.site,
    )
    return registration


@transaction.atomic
def confirm_guest(*, registration: Registration) -> Registration:
    """A guest followed the emailed link: take a place now, or join the waiting list."""
    now = timezone.now()
    workshop = (
        Workshop.objects.select_for_update().select_related("site").get(pk=registration.workshop_id)
    )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.UNCONFIRMED:
        return registration
    _registration_open(workshop, now)
    registration.workshop = workshop
    _take_place_or_queue(workshop, registration, now)
    registration.save(update_fields=["status", "confirmed_at", "waitlisted_at"])
    _announce(registration)
    log_activity(
        actor=None,
        action="workshops.registration.guest_confirmed",
        summary=f"{registration.name} confirmed their registration",
        target=registration,
        site=workshop.site,
    )
    return registration


def _promote_waiting(workshop: Workshop) -> list[Registration]:
    """Fill free places from the waiting list, first come first served. The workshop row is locked."""
    free = workshop.capacity - workshop.registrations.confirmed().count()
    if (
        free <= 0
        or workshop.status != WorkshopStatus.PUBLISHED
        or workshop.starts_at <= timezone.now()
    ):
        return []
    promoted = list(workshop.registrations.waitlisted().select_for_update()[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = registration.promoted_at = now
        registration.save(update_fields=["status", "confirmed_at", "promoted_at"])
        _send_invitation(registration, subject=f"A place is yours: {workshop.title}")
        log_activity(
            actor=None,
            action="workshops.registration.promoted",
            summary=f"{registration.name} promoted from the waiting list",
            target=registration,
            site=workshop.site,
        )
    if promoted:
        _notify_thresholds(workshop)
    return promoted


@transaction.atomic
def cancel_registration(*, registration: Registration, actor: User | None = None) -> Registration:
    """Give up a place (or a place in the queue). A freed place goes to the first person waiting."""
    workshop = (
        Workshop.objects.select_for_update().select_related("site").get(pk=registration.workshop_id)
    )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        raise WorkshopError("This registration has already been cancelled.", "already_cancelled")
    held_place = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    log_activity(
        actor=actor,
        action="workshops.registration.cancelled",
        summary=f"{registration.name} cancelled their place at “{workshop}”",
        target=registration,
        site=workshop.site,
    )
    if held_place:
        _promote_waiting(workshop)
    return registration


# Invitations ------------------------------------------------------------------


@transaction.atomic
def invite(*, actor: User, workshop: Workshop, people: Iterable[User]) -> list[Invitation]:
    """Invite people to an invitation-only workshop (anyone already invited is skipped)."""
    if not permissions.can_manage(actor, workshop):
        raise WorkshopError(
            "You can only invite people to workshops at your own site.", "not_allowed"
        )
    already = set(workshop.invitations.values_list("person_id", flat=True))
    created = []
    for person in people:
        if person.pk in already:
            continue
        created.append(
            Invitation.objects.create(workshop=workshop, person=person, invited_by=actor)
        )
        already.add(person.pk)
        email_after_commit(
            to=person.email,
            subject=f"You are invited: {workshop.title}",
            template="workshops/email/invited.txt",
            context={"workshop": workshop, "person": person},
        )
    log_activity(
        actor=actor,
        action="workshops.invited",
        summary=f"{len(created)} invited to “{workshop}”",
        target=workshop,
        site=workshop.site,
        data={"count": len(created)},
    )
    return created


def invite_role_holders(*, actor: User, workshop: Workshop, role: Role | str) -> list[Invitation]:
    """Invite everyone holding `role` at the workshop's site (e.g. every elected member)."""
    holders = User.objects.filter(
        pk__in=RoleGrant.objects.active().filter(role=role, site=workshop.site).values("user")
    )
    return invite(actor=actor, workshop=workshop, people=holders)


# Running and closing -------------------------------------------------------------


@transaction.atomic
def mark_attendance(*, actor: User, registration: Registration, attended: bool) -> Registration:
    registration = (
        Registration.objects.select_for_update()
        .select_related("workshop__site")
        .get(pk=registration.pk)
    )
    if not permissions.can_take_attendance(actor, registration.workshop):
        raise WorkshopError(
            "Only the workshop's facilitators, site lead or a coordinator take attendance.",
            "not_allowed",
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise WorkshopError("Only people with a confirmed place can be marked.", "not_confirmed")
    registration.attended = attended
    registration.attendance_marked_at = timezone.now()
    registration.attendance_marked_by = actor
    registration.save(update_fields=["attended", "attendance_marked_at", "attendance_marked_by"])
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
    actions: Iterable[dict[str, Any]] = (),
) -> Outcome:
    """Record what came of a workshop; each action becomes a programme action at the site."""
    if not permissions.can_manage(actor, workshop):
        raise WorkshopError("Only the site lead or a coordinator records outcomes.", "not_allowed")
    if (
        workshop.status not in (WorkshopStatus.HELD, WorkshopStatus.PUBLISHED)
        or workshop.starts_at > timezone.now()
    ):
        raise WorkshopError("Outcomes are recorded once the workshop has taken place.", "not_held")
    outcome, _ = Outcome.objects.update_or_create(
        workshop=workshop,
        defaults={
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


@transaction.atomic
def request_feedback(*, actor: User, workshop: Workshop) -> int:
    """Email each attendee a link to the short feedback form (once each)."""
    if not permissions.can_take_attendance(actor, workshop):
        raise WorkshopError("Only the workshop's team asks for feedback.", "not_allowed")
    attendees = (
        workshop.registrations.confirmed()
        .filter(attended=True, feedback_requested_at__isnull=True)
        .select_related("person")
    )
    count = 0
    for registration in attendees:
        email_after_commit(
            to=registration.email,
            subject=f"How was {workshop.title}?",
            template="workshops/email/feedback.txt",
            context={"registration": registration, "workshop": workshop},
        )
        registration.feedback_requested_at = timezone.now()
        registration.save(update_fields=["feedback_requested_at"])
        count += 1
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


@transaction.atomic
def calendar_token_for(*, person: User, reset: bool = False) -> CalendarToken:
    """The person's private feed token; `reset` replaces it so an old shared URL stops working."""
    token, created = CalendarToken.objects.select_for_update().get_or_create(person=person)
    if reset and not created:
        token.token = new_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
        log_activity(
            actor=person,
            action="workshops.calendar_token_reset",
            summary=f"{person} reset their calendar feed link",
        )
    return token
