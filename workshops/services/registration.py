"""Registration and the waiting list.

Registering locks the workshop row, so two people can never take the last
place at once; cancelling a place promotes the first person waiting in the
same transaction.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from programme import hooks
from programme.models import Role, User
from programme.notifications import email_after_commit
from programme.platform import limits
from programme.platform.outcomes import ToldByEmail
from programme.services import NotAllowed, log_activity

from .. import ics, permissions
from ..models import (
    Audience,
    CalendarToken,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)
from ..models.registrations import new_token
from .errors import WorkshopError

# Guest registrations from one client address, and emails to one guest address.
GUESTS_PER_CLIENT = limits.Limit("guest-registrations", 20, dt.timedelta(hours=1), "registered")
GUEST_EMAILS = limits.Limit("guest-emails", 3, dt.timedelta(hours=1), "asked")


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


def send_invitation(
    registration: Registration, *, subject: str, changes: list[tuple[str, str, str]] | None = None
) -> None:
    """The place, with the calendar invitation; `changes` (what, was, now) when it moved."""
    workshop = registration.workshop
    email_after_commit(
        to=registration.email,
        subject=subject,
        template="workshops/email/confirmed.txt",
        context={"registration": registration, "workshop": workshop, "changes": changes or []},
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
        send_invitation(registration, subject=f"Your place: {workshop.title}")
        _notify_thresholds(workshop)
        hooks.public_content_changed(workshop.site)  # one place fewer left
    else:
        email_after_commit(
            to=registration.email,
            subject=f"Waiting list: {workshop.title}",
            template="workshops/email/waitlisted.txt",
            context={"registration": registration, "workshop": workshop},
        )


def _guest_told_instead(
    workshop: Workshop, guest_name: str, guest_email: str, client: str
) -> ToldByEmail | None:
    """A guest's details checked; what they were told by email instead of a registration,
    if their address has had its share of emails or has an account."""
    if not (guest_name.strip() and guest_email):
        raise WorkshopError(
            "Give your name and email address.", "guest_details", field="guest_name"
        )
    if client:
        limits.count_or_refuse(GUESTS_PER_CLIENT, client, error=WorkshopError)
    if limits.is_reached(GUEST_EMAILS, guest_email):
        # Enough emails to this address for now; the page says the same.
        return ToldByEmail("guest_emails_limit", sent=False)
    if User.objects.filter(email__iexact=guest_email).exists():
        _tell_guest(guest_email, workshop, "workshops/email/guest_has_account.txt", {})
        return ToldByEmail("has_account")
    return None


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
    client: str = "",
) -> Registration | ToldByEmail:
    """Register a person (or a guest, who confirms by email) for a place or the waiting list.

    A guest's address that has an account, or is registered already, gets an email
    saying so instead (`ToldByEmail`): the person sees the same "check your email"
    either way, so the form tells no one who has an account or a place.
    """
    now = timezone.now()
    workshop = Workshop.objects.select_for_update().select_related("site").get(pk=workshop.pk)
    _registration_open(workshop, now)
    if not consent:
        raise WorkshopError(
            "Agree to the privacy notice to register.", "consent_required", field="consent"
        )
    if audience not in Audience.values:
        raise WorkshopError("Choose how you are coming.", "bad_audience", field="audience")
    signed_in = person is not None and person.is_authenticated
    if not signed_in:
        person = None
        guest_email = guest_email.strip().lower()
        told = _guest_told_instead(workshop, guest_name, guest_email, client)
        if told is not None:
            return told
    if not permissions.may_register(person if person else AnonymousUser(), workshop):
        raise WorkshopError("This workshop is by invitation only.", "not_invited")
    existing = workshop.registrations.active()
    if not person and (earlier := existing.filter(guest_email=guest_email).first()):
        context = {"registration": earlier}
        _tell_guest(guest_email, workshop, "workshops/email/guest_registered_already.txt", context)
        return ToldByEmail("registered_already")
    if person and existing.filter(person=person).exists():
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
    else:  # counted with the other emails to this address (see GUEST_EMAILS)
        # Checked early as a hint; this count decides (another request may count in between).
        limits.count_or_refuse(GUEST_EMAILS, registration.email, error=WorkshopError)
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
def update_needs(
    *,
    registration: Registration,
    actor: User,
    accessibility_needs: str,
    dietary_requirements: str,
) -> Registration:
    """A registered person changes what they need to take part (for instance, what they
    typed when they sent the registration form again, not knowing they had a place).

    Only their own place, while it is active and before the workshop ends.
    """
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("workshop__site", "person")
        .get(pk=registration.pk)
    )
    if registration.person_id is None or registration.person_id != actor.pk:
        raise NotAllowed("You can only change your own registration.")
    if not registration.is_active:
        raise WorkshopError("This registration has been cancelled.", "already_cancelled")
    if registration.workshop.has_ended:
        raise WorkshopError("This workshop has already taken place.", "ended")
    registration.accessibility_needs = accessibility_needs.strip()
    registration.dietary_requirements = dietary_requirements.strip()
    registration.save(update_fields=["accessibility_needs", "dietary_requirements"])
    log_activity(
        actor=actor,
        action="workshops.registration.needs_updated",
        summary=f"{registration.name} updated their needs for “{registration.workshop}”",
        target=registration,
        site=registration.workshop.site,
    )
    return registration


def _tell_guest(address: str, workshop: Workshop, template: str, context: dict) -> None:
    """Say by email what the form must not say on the page; a few times an hour at most."""
    if not limits.allow(GUEST_EMAILS, address):
        return
    email_after_commit(
        to=address,
        subject=f"Your registration: {workshop.title}",
        template=template,
        context={"workshop": workshop, **context},
    )


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


def promote_waiting(workshop: Workshop) -> list[Registration]:
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
        send_invitation(registration, subject=f"A place is yours: {workshop.title}")
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
    was_waiting = registration.status == RegistrationStatus.WAITLISTED
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
        # The invitation sent with the place put it in their calendar: take it out again.
        email_after_commit(
            to=registration.email,
            subject=f"Place cancelled: {workshop.title}",
            template="workshops/email/place_cancelled.txt",
            context={
                "registration": registration,
                "workshop": workshop,
                "workshop_url": ics.absolute_url(workshop.get_absolute_url()),
            },
            attachments=[
                (
                    "cancel.ics",
                    ics.invitation(workshop, registration.email, withdrawn=True),
                    "text/calendar; method=CANCEL",
                )
            ],
        )
        hooks.public_content_changed(workshop.site)
        promote_waiting(workshop)
    elif was_waiting:
        # Off the waiting list: nothing was in their calendar, but they hear it is done.
        email_after_commit(
            to=registration.email,
            subject=f"Off the waiting list: {workshop.title}",
            template="workshops/email/left_waiting_list.txt",
            context={
                "registration": registration,
                "workshop": workshop,
                "workshop_url": ics.absolute_url(workshop.get_absolute_url()),
            },
        )
    return registration


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
