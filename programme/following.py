"""Following sites, consultations and discussions, and telling the people who follow them.

The apps call `announce` from the service that made the change, inside its transaction;
once it commits, one task on the worker writes to every follower (`tell_followers`): an
email each for those who chose "as it happens", a `Notice` kept for the weekly digest
(`send_digests`) for the others. One email per person per event, never one per comment,
and none written in the request.

Every email about a followed thing carries a one-click unsubscribe (RFC 8058): the
`List-Unsubscribe` header with an https address answered by a POST without sign-in or
CSRF token, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, and a mailto address.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from programme.platform import limits
from programme.platform.background import after_commit
from programme.platform.errors import NotAllowed, ProgrammeError
from programme.platform.text import plural

from .models import Cadence, Following, FollowReason, Notice, User
from .notifications import Why, email_after_commit
from .services.activity import log_activity

SIGNED_TARGET_SALT = "programme.following.target"
DIGEST_EVERY = dt.timedelta(days=7)
VISITORS_PER_CLIENT = limits.Limit(
    "follow-by-email", 10, dt.timedelta(hours=1), "asked to follow things by email"
)
CONFIRMATIONS_PER_ADDRESS = limits.Limit(
    "follow-confirmations", 3, dt.timedelta(hours=1), "asked for confirmation emails"
)


class FollowingError(ProgrammeError):
    pass


# A followable thing travels in a form as a signed reference: only a page that showed the
# Follow button to this reader could have made it, so nobody follows what they cannot see.


def signed_reference(target: models.Model) -> str:
    content_type = ContentType.objects.get_for_model(target)
    return signing.dumps([content_type.pk, target.pk], salt=SIGNED_TARGET_SALT)


def target_of(reference: str) -> models.Model | None:
    try:
        content_type_id, object_id = signing.loads(reference[:500], salt=SIGNED_TARGET_SALT)
        content_type = ContentType.objects.get_for_id(int(content_type_id))
        model = content_type.model_class()
        return model._default_manager.filter(pk=int(object_id)).first() if model else None
    except (signing.BadSignature, ContentType.DoesNotExist, TypeError, ValueError):
        return None


def following_of(person: Any, target: models.Model) -> Following | None:
    if not person.is_authenticated:
        return None
    return Following.objects.of(target).filter(person=person, stopped_at__isnull=True).first()


@transaction.atomic
def follow(
    *,
    person: User,
    target: models.Model,
    why: str = FollowReason.CHOSE,
    cadence: str = Cadence.IMMEDIATE,
) -> Following:
    """Follow `target` (or keep following it): one click for a person signed in. Taking
    part (commenting, posting) follows too, unless the person stopped following it."""
    existing = following_of(person, target)
    if existing is not None:
        if why == FollowReason.CHOSE and existing.cadence != cadence:
            existing.cadence = cadence
            existing.save(update_fields=["cadence"])
        return existing
    stopped = Following.objects.of(target).filter(person=person).first()
    if why != FollowReason.CHOSE and stopped is not None:
        return stopped  # they stopped once: taking part again does not start the emails
    try:
        with transaction.atomic():
            return Following.objects.create(
                person=person,
                content_type=ContentType.objects.get_for_model(target),
                object_id=target.pk,
                why=why,
                cadence=cadence,
                confirmed_at=timezone.now(),
            )
    except IntegrityError:  # the same click twice at once
        found = following_of(person, target)
        if found is None:  # the other click's row, gone again already
            raise
        return found


@transaction.atomic
def follow_by_email(
    *, email: str, target: models.Model, cadence: str = Cadence.IMMEDIATE, client: str = ""
) -> None:
    """A visitor follows with an address they confirm by a link. The answer is the same
    whether or not the address already follows it, so nobody learns who follows what."""
    if client:
        limits.count_or_refuse(VISITORS_PER_CLIENT, client, error=FollowingError)
    email = email.strip()
    found = (
        Following.objects.of(target)
        .filter(person__isnull=True, email__iexact=email, stopped_at__isnull=True)
        .first()
    )
    if found is None:
        found = Following.objects.create(
            email=email,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            cadence=cadence,
        )
    if found.confirmed_at is None and limits.allow(CONFIRMATIONS_PER_ADDRESS, email.lower()):
        email_after_commit(
            to=email,
            subject=f"Confirm you want emails about {target}",
            template="programme/email/following_confirm.txt",
            context={"target": str(target), "url": _absolute(_confirm_url(found))},
        )


def _confirm_url(following: Following) -> str:
    return reverse("following:confirm", args=[following.token])


def stop_url(following: Following) -> str:
    return reverse("following:stop", args=[following.token])


def _absolute(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{path}"


@transaction.atomic
def confirm(*, following: Following) -> Following:
    if following.stopped_at is not None:
        raise FollowingError(
            "You stopped these emails. To start them again, follow it again.", "stopped"
        )
    if following.confirmed_at is None:
        following.confirmed_at = timezone.now()
        following.save(update_fields=["confirmed_at"])
    return following


@transaction.atomic
def stop(*, following: Following, how: str) -> Following:
    """Stop a following; the same answer however often it is asked (a mail client's
    one-click POST, the button on the page, the person's list). Nothing here starts one."""
    if following.stopped_at is None:
        following.stopped_at = timezone.now()
        following.save(update_fields=["stopped_at"])
        log_activity(
            actor=following.person,
            action="following.stopped",
            summary=f"Stopped emails about {following.content_type.model} {following.object_id} ({how})",
            target=following,
        )
    return following


@transaction.atomic
def change_cadence(*, actor: User, following: Following, cadence: str) -> Following:
    if following.person_id != actor.pk:
        raise NotAllowed("You can only change what you follow yourself.")
    following.cadence = Cadence(cadence)
    following.save(update_fields=["cadence"])
    return following


def announce(
    target: models.Model,
    *,
    headline: str,
    detail: str = "",
    url: str = "",
    exclude: Iterable[User | None] = (),
) -> None:
    """Tell everyone who follows `target` that `headline` happened, once this transaction
    commits, from the worker. `exclude`: the people who did it (never told of their own
    act) and those already told directly."""
    from . import tasks

    content_type = ContentType.objects.get_for_model(target)
    left_out = sorted({p.pk for p in exclude if p is not None and p.pk is not None})
    after_commit(
        tasks.tell_followers,
        content_type.pk,
        target.pk,
        headline[:300],
        detail[:2000],
        url or target.get_absolute_url(),  # type: ignore[attr-defined]
        left_out,
    )


def _why(following: Following, target_name: str) -> Why:
    reason = {
        FollowReason.CHOSE: f"You are getting this because you follow {target_name}.",
        FollowReason.COMMENTED: f"You are getting this because you commented on {target_name}.",
        FollowReason.POSTED: f"You are getting this because you posted in {target_name}.",
    }[FollowReason(following.why)]
    return Why(reason, "To stop, use the link below: one click, no sign-in needed.")


def unsubscribe_headers(following: Following) -> dict[str, str]:
    """RFC 2369 and RFC 8058: an https address a mail client may POST to, and a mailto."""
    mailto = f"mailto:{settings.PROGRAMME_CONTACT_EMAIL}?subject={quote('Stop ' + following.token)}"
    return {
        "List-Unsubscribe": f"<{_absolute(stop_url(following))}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def tell_personally(
    following: Following, *, subject: str, template: str, context: dict[str, object]
) -> None:
    """One follower's own email about what they follow (what came of their comments, say):
    with the same reason, links and one-click stop as every email about it."""
    target = following.target
    name = str(target)
    email_after_commit(
        to=following.address,
        subject=subject,
        template=template,
        context={
            **context,
            "target": name,
            "manage_url": _absolute(reverse("following:mine")),
            "stop_url": _absolute(stop_url(following)),
        },
        reasons=_why(following, name),
        headers=unsubscribe_headers(following),
    )


def absolute(path: str) -> str:
    """An address for an email: on the public host."""
    return _absolute(path)


def _to_followers(
    content_type_id: int, object_id: int, exclude: Iterable[int]
) -> models.QuerySet[Following]:
    return (
        Following.objects.active()
        .filter(content_type_id=content_type_id, object_id=object_id)
        .exclude(person_id__in=list(exclude))
        .exclude(person__isnull=False, person__email_confirmed_at__isnull=True)
        .exclude(person__isnull=False, person__is_active=False)
        .select_related("person")
    )


def tell_followers(
    content_type_id: int,
    object_id: int,
    headline: str,
    detail: str,
    url: str,
    exclude: list[int],
) -> int:
    """The worker's half of `announce`: returns how many followers were told or kept a notice."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    model = content_type.model_class()
    target = model._default_manager.filter(pk=object_id).first() if model else None
    if target is None:
        return 0
    name = str(target)
    told = 0
    for following in _to_followers(content_type_id, object_id, exclude).iterator():
        with transaction.atomic():
            if following.cadence == Cadence.WEEKLY:
                Notice.objects.create(
                    following=following, headline=headline, detail=detail, url=url
                )
            else:
                email_after_commit(
                    to=following.address,
                    subject=headline,
                    template="programme/email/following_news.txt",
                    context={
                        "headline": headline,
                        "detail": detail,
                        "url": _absolute(url),
                        "target": name,
                        "manage_url": _absolute(reverse("following:mine")),
                        "stop_url": _absolute(stop_url(following)),
                    },
                    reasons=_why(following, name),
                    headers=unsubscribe_headers(following),
                )
        told += 1
    return told


def send_digests(now: dt.datetime | None = None) -> str:
    """Once a week per address: every notice since its last digest, grouped by what it is
    about, in one email per following (each with its own one-click stop)."""
    now = now or timezone.now()
    due = (
        Notice.objects.filter(sent_at__isnull=True, following__stopped_at__isnull=True)
        .filter(
            models.Q(following__digested_at__isnull=True)
            | models.Q(following__digested_at__lte=now - DIGEST_EVERY)
        )
        .select_related("following__person", "following__content_type")
        .order_by("following_id", "happened_at", "pk")
    )
    by_following: dict[int, list[Notice]] = defaultdict(list)
    for notice in due:
        by_following[notice.following_id].append(notice)
    sent = 0
    for notices in by_following.values():
        following = notices[0].following
        target = following.target
        if target is None or not _still_wanted(following):
            continue
        name = str(target)
        with transaction.atomic():
            email_after_commit(
                to=following.address,
                subject=f"This week: {name}",
                template="programme/email/following_digest.txt",
                context={
                    "target": name,
                    "notices": [
                        {"headline": n.headline, "detail": n.detail, "url": _absolute(n.url)}
                        for n in notices
                    ],
                    "manage_url": _absolute(reverse("following:mine")),
                    "stop_url": _absolute(stop_url(following)),
                },
                reasons=_why(following, name),
                headers=unsubscribe_headers(following),
            )
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=now)
            Following.objects.filter(pk=following.pk).update(digested_at=now)
        sent += 1
    return f"{plural(sent, 'digest')} sent"


def _still_wanted(following: Following) -> bool:
    person = following.person
    if person is None:
        return following.confirmed_at is not None
    return person.is_active and person.email_confirmed_at is not None
