"""Programme updates (the project blog) and replies to them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from programme.platform import limits
from programme.platform.errors import NotAllowed, ProgrammeError

from .. import permissions
from ..capacities import Capacity, capacity_for_key
from ..models import Meeting, Reply, Update, UpdateStatus, User
from .activity import log_activity

# Per person: room for a conversation, not a flood.
REPLIES = limits.Limit("update-replies", 10, dt.timedelta(minutes=10), "replied")


def _unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:70] or "update"
    slug, n = base, 2
    others = Update.objects.exclude(pk=exclude_pk) if exclude_pk else Update.objects.all()
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def write_update(
    *, actor: User, title: str, body: str, meeting: Meeting | None = None, publish: bool = False
) -> Update:
    """Write a programme update, as a draft or published at once."""
    if not permissions.can_write_updates(actor):
        raise NotAllowed("Only coordinators write programme updates.")
    now = timezone.now()
    update = Update.objects.create(
        title=title.strip(),
        slug=_unique_slug(title),
        body=body,
        meeting=meeting,
        author=actor,
        status=UpdateStatus.PUBLISHED if publish else UpdateStatus.DRAFT,
        published_at=now if publish else None,
    )
    log_activity(
        actor=actor,
        action="programme.update.written",
        summary=f"Update “{update}” written",
        target=update,
    )
    return update


@transaction.atomic
def edit_update(
    *, actor: User, update: Update, title: str, body: str, meeting: Meeting | None, publish: bool
) -> Update:
    """Edit an update; publishing stamps the time once, unpublishing makes it a draft again."""
    if not permissions.can_write_updates(actor):
        raise NotAllowed("Only coordinators edit programme updates.")
    update = Update.objects.select_for_update().get(pk=update.pk)
    update.title, update.body, update.meeting = title.strip(), body, meeting
    if publish and update.status != UpdateStatus.PUBLISHED:
        update.status, update.published_at = UpdateStatus.PUBLISHED, timezone.now()
    elif not publish:
        update.status = UpdateStatus.DRAFT
    update.updated_at = timezone.now()
    update.save()
    log_activity(
        actor=actor,
        action="programme.update.edited",
        summary=f"Update “{update}” edited",
        target=update,
    )
    return update


@transaction.atomic
def reply_to_update(*, author: User, update: Update, body: str, capacity: Capacity | str) -> Reply:
    """Leave a reply, speaking in a capacity the author holds now (stored as it is now)."""
    if not permissions.can_reply(author, update):
        raise ProgrammeError(
            "Replies are open on published updates to people who are signed in.", "cannot_reply"
        )
    if isinstance(capacity, str):
        found = capacity_for_key(author, capacity)
        if found is None:
            raise ProgrammeError(
                "Choose a capacity you hold.", "not_your_capacity", field="capacity"
            )
        capacity = found
    if not body.strip():
        raise ProgrammeError("Write your reply first.", "body_required", field="body")
    reply = Reply(update=update, author=author, body=body)
    reply.set_capacity(capacity)
    limits.count_or_refuse(REPLIES, author.pk)
    reply.save()
    log_activity(
        actor=author,
        action="programme.update.replied",
        summary=f"{author} replied to “{update}”",
        target=reply,
    )
    return reply
