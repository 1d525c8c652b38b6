"""Project meetings and action items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from programme.platform.errors import NotAllowed, ProgrammeError

from .. import permissions
from ..models import ActionItem, ActionStatus, Meeting, PilotSite, User
from .activity import log_activity


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise ProgrammeError(
            "The meeting must end after it starts.", "ends_before_start", field="ends_at"
        )


@transaction.atomic
def record_meeting(
    *,
    actor: User,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str = "",
    online_url: str = "",
    attendees: Iterable[User] = (),
    sites: Iterable[PilotSite] = (),
    agenda: str = "",
    minutes: str = "",
    decisions: str = "",
) -> Meeting:
    """Record a project meeting (before it happens, or after, with its minutes)."""
    if not permissions.can_manage_meetings(actor):
        raise NotAllowed("Only coordinators record project meetings.")
    _check_times(starts_at, ends_at)
    meeting = Meeting.objects.create(
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url,
        agenda=agenda,
        minutes=minutes,
        decisions=decisions,
        created_by=actor,
    )
    meeting.attendees.set(attendees)
    meeting.sites.set(sites)
    log_activity(
        actor=actor,
        action="programme.meeting.recorded",
        summary=f"Meeting “{meeting}” recorded",
        target=meeting,
    )
    return meeting


@transaction.atomic
def edit_meeting(
    *,
    actor: User,
    meeting: Meeting,
    attendees: Iterable[User],
    sites: Iterable[PilotSite],
    **fields: object,
) -> Meeting:
    """Change a meeting's details, attendance, agenda, minutes or decisions."""
    if not permissions.can_manage_meetings(actor):
        raise NotAllowed("Only coordinators edit project meetings.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    _check_times(meeting.starts_at, meeting.ends_at)
    meeting.updated_at = timezone.now()
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.sites.set(sites)
    log_activity(
        actor=actor,
        action="programme.meeting.edited",
        summary=f"Meeting “{meeting}” edited",
        target=meeting,
    )
    return meeting


@transaction.atomic
def raise_action(
    *,
    actor: User,
    title: str,
    owner: User,
    site: PilotSite | None = None,
    meeting: Meeting | None = None,
    due_on: dt.date | None = None,
    notes: str = "",
) -> ActionItem:
    """Raise an action for someone, in a meeting or on its own."""
    if not permissions.can_raise_action(actor, site):
        raise NotAllowed("You cannot raise actions here.")
    if not title.strip():
        raise ProgrammeError("Say what needs doing.", "title_required", field="title")
    action = ActionItem.objects.create(
        title=title.strip(),
        owner=owner,
        site=site,
        meeting=meeting,
        due_on=due_on,
        notes=notes,
        raised_by=actor,
    )
    log_activity(
        actor=actor,
        action="programme.action.raised",
        summary=f"Action “{action}” raised for {owner}",
        target=action,
        site=site,
    )
    return action


@transaction.atomic
def set_action_status(*, actor: User, action: ActionItem, status: ActionStatus | str) -> ActionItem:
    """Mark an action done, dropped, or open again."""
    status = ActionStatus(status)
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    if not permissions.can_update_action(actor, action):
        raise NotAllowed("Only the action's owner, its site lead or a coordinator can change it.")
    if action.status == status:
        return action
    previous = action.status
    action.status = status
    action.status_changed_at = timezone.now()
    action.save(update_fields=["status", "status_changed_at"])
    log_activity(
        actor=actor,
        action=f"programme.action.{status}",
        summary=f"Action “{action}” marked {status.label.lower()}",
        target=action,
        site=action.site,
        data={"from": previous, "to": str(status)},
    )
    return action
