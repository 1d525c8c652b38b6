"""Planning workshops: create, edit, publish, cancel, close; the agenda; invitations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from programme import hooks
from programme.models import PilotSite, Role, RoleGrant, User
from programme.notifications import email_after_commit
from programme.platform.background import after_commit
from programme.platform.text import plural
from programme.services import NotAllowed, log_activity

from .. import ics, permissions, tasks
from ..agenda_templates import TEMPLATES
from ..models import (
    PLANNED_FIELDS,
    AgendaItem,
    Audience,
    Invitation,
    Workshop,
    WorkshopStatus,
)
from .errors import WorkshopError
from .registration import promote_waiting, send_invitation

# Changes a calendar must pick up: they raise the event's SEQUENCE.
CALENDAR_FIELDS = {"starts_at", "ends_at", "venue_name", "venue_address", "online_url", "title"}


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
        raise WorkshopError(
            "The workshop must end after it starts.", "ends_before_start", field="ends_at"
        )
    if workshop.registration_closes_at and workshop.registration_closes_at > workshop.starts_at:
        raise WorkshopError(
            "Registration must close no later than the start.",
            "closes_after_start",
            field="registration_closes_at",
        )
    if (
        workshop.registration_opens_at
        and workshop.registration_closes_at
        and workshop.registration_opens_at >= workshop.registration_closes_at
    ):
        raise WorkshopError(
            "Registration must open before it closes.",
            "opens_after_closing",
            field="registration_opens_at",
        )
    if not (workshop.venue_name or workshop.online_url):
        raise WorkshopError(
            "Give a venue, an online link, or both.", "no_place", field="venue_name"
        )
    if workshop.capacity < 1:
        raise WorkshopError("A workshop needs at least one place.", "no_places", field="capacity")
    if any(value not in Audience.values for value in workshop.audiences):
        raise WorkshopError("Choose audiences from the list.", "bad_audience", field="audience")


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
        raise NotAllowed("You can only plan workshops at your own site.")
    workshop = Workshop(
        site=site, created_by=actor, **{k: v for k, v in fields.items() if k in PLANNED_FIELDS}
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
        raise NotAllowed("You can only edit workshops at your own site.")
    if workshop.is_cancelled:
        raise WorkshopError(
            "This workshop has been cancelled; it can no longer be changed.", "cancelled"
        )
    changed = {
        name
        for name in PLANNED_FIELDS
        if name in fields and getattr(workshop, name) != fields[name]
    }
    was = {"When": _when(workshop), "Where": workshop.location or "not set"}
    for name in changed:
        setattr(workshop, name, fields[name])
    _check(workshop)
    confirmed = workshop.registrations.confirmed().count()
    if workshop.capacity < confirmed:
        raise WorkshopError(
            f"{confirmed} places are already confirmed; capacity cannot go below that.",
            "capacity_below_confirmed",
            field="capacity",
        )
    if changed & CALENDAR_FIELDS:
        workshop.sequence += 1
    workshop.updated_at = timezone.now()
    workshop.save()
    hooks.public_content_changed(workshop.site)
    if facilitators is not None:
        workshop.facilitators.set(facilitators)
    if "capacity" in changed:
        promote_waiting(workshop)
    if changed & CALENDAR_FIELDS and workshop.status == WorkshopStatus.PUBLISHED:
        now = {"When": _when(workshop), "Where": workshop.location or "not set"}
        changes = [[what, was[what], now[what]] for what in was if was[what] != now[what]]
        after_commit(tasks.tell_of_change, workshop.pk, changes)
    log_activity(
        actor=actor,
        action="workshops.edited",
        summary=f"Workshop “{workshop}” edited",
        target=workshop,
        site=workshop.site,
        data={"changed": sorted(changed)},
    )
    return workshop


def tell_of_cancellation(workshop_id: int, reason: str) -> int:
    """Email everyone registered that the workshop is off, with a calendar cancellation
    (same UID). Run by the worker: one task for everyone, not a loop in the request."""
    workshop = Workshop.objects.get(pk=workshop_id)
    registrations = list(workshop.registrations.active().select_related("person"))
    with transaction.atomic():
        for registration in registrations:
            email_after_commit(
                to=registration.email,
                subject=f"Cancelled: {workshop.title}",
                template="workshops/email/cancelled.txt",
                context={"registration": registration, "workshop": workshop, "reason": reason},
                attachments=[
                    (
                        "cancel.ics",
                        ics.invitation(workshop, registration.email),
                        "text/calendar; method=CANCEL",
                    )
                ],
            )
    return len(registrations)


def tell_of_change(workshop_id: int, changes: list[list[str]]) -> int:
    """Email everyone with a place the new details and an updated invitation (worker)."""
    workshop = Workshop.objects.get(pk=workshop_id)
    if workshop.is_cancelled:
        return 0  # cancelled since: the cancellation says all there is to say
    registrations = list(workshop.registrations.confirmed().select_related("person", "workshop"))
    with transaction.atomic():
        for registration in registrations:
            send_invitation(
                registration,
                subject=f"Changed: {workshop.title}",
                changes=[(what, was, now) for what, was, now in changes],
            )
    return len(registrations)


def send_invitations(invitation_ids: list[int]) -> int:
    """Email each new invitation (worker)."""
    invitations = list(
        Invitation.objects.filter(pk__in=invitation_ids).select_related("workshop", "person")
    )
    with transaction.atomic():
        for invitation in invitations:
            email_after_commit(
                to=invitation.person.email,
                subject=f"You are invited: {invitation.workshop.title}",
                template="workshops/email/invited.txt",
                context={"workshop": invitation.workshop, "person": invitation.person},
            )
    return len(invitations)


def _when(workshop: Workshop) -> str:
    start, end = timezone.localtime(workshop.starts_at), timezone.localtime(workshop.ends_at)
    return f"{start:%-d %B %Y}, {start:%H:%M} to {end:%H:%M}"


@transaction.atomic
def publish_workshop(*, actor: User, workshop: Workshop) -> Workshop:
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not permissions.can_manage(actor, workshop):
        raise NotAllowed("You can only publish workshops at your own site.")
    if workshop.status != WorkshopStatus.DRAFT:
        raise WorkshopError("Only a draft can be published.", "not_draft")
    workshop.status = WorkshopStatus.PUBLISHED
    workshop.updated_at = timezone.now()
    workshop.save(update_fields=["status", "updated_at"])
    hooks.public_content_changed(workshop.site)
    if workshop.is_public:  # invitation-only and internal ones are news to nobody else
        when = timezone.localtime(workshop.starts_at)
        hooks.site_news(
            workshop.site,
            headline=f"New workshop: {workshop.title}",
            detail=f"{when:%A %-d %B %Y, %H:%M}"
            + (f" at {workshop.location}" if workshop.location else "")
            + f". {plural(workshop.capacity, 'place')}: register from its page.",
            url=workshop.get_absolute_url(),
            by=actor,
        )
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
        raise NotAllowed("You can only cancel workshops at your own site.")
    if not workshop.may_be_cancelled:
        raise WorkshopError("This workshop cannot be cancelled now.", "cannot_cancel")
    if not reason.strip():
        raise WorkshopError(
            "Say why, so the people registered understand.", "reason_required", field="reason"
        )
    workshop.status = WorkshopStatus.CANCELLED
    workshop.sequence += 1
    workshop.updated_at = timezone.now()
    workshop.save(update_fields=["status", "sequence", "updated_at"])
    after_commit(tasks.tell_of_cancellation, workshop.pk, reason.strip())
    hooks.public_content_changed(workshop.site)
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
        raise NotAllowed("Only its facilitators, site lead or a coordinator can close a workshop.")
    if workshop.status != WorkshopStatus.PUBLISHED or not workshop.starts_at <= timezone.now():
        raise WorkshopError("A workshop is marked held once it has started.", "not_started")
    workshop.status = WorkshopStatus.HELD
    workshop.save(update_fields=["status"])
    hooks.public_content_changed(workshop.site)
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
        raise NotAllowed("You can only edit agendas at your own site.")
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
        raise NotAllowed("You can only edit agendas at your own site.")
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


# Invitations ------------------------------------------------------------------


@transaction.atomic
def invite(*, actor: User, workshop: Workshop, people: Iterable[User]) -> list[Invitation]:
    """Invite people to an invitation-only workshop (anyone already invited is skipped)."""
    if not permissions.can_manage(actor, workshop):
        raise NotAllowed("You can only invite people to workshops at your own site.")
    already = set(workshop.invitations.values_list("person_id", flat=True))
    created = []
    for person in people:
        if person.pk in already:
            continue
        created.append(
            Invitation.objects.create(workshop=workshop, person=person, invited_by=actor)
        )
        already.add(person.pk)
    if created:
        after_commit(tasks.send_invitations, [invitation.pk for invitation in created])
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
