"""Drafts, their working copy, and publishing immutable versions."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from programme import following, hooks
from programme.models import PilotSite, User
from programme.notifications import email_after_commit
from programme.platform.background import after_commit
from programme.platform.text import plural
from programme.services import NotAllowed, log_activity

from .. import closing, permissions, tasks
from ..models import Agreement, Comment, DraftStatus, PolicyDraft, Section, Version, WorkingSection
from . import outcome
from .errors import DraftError


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "policy"
    slug, n = base, 2
    while PolicyDraft.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def new_key(heading: str) -> str:
    return f"{slugify(heading)[:30] or 'section'}-{secrets.token_hex(3)}"


@transaction.atomic
def create_draft(
    *,
    actor: User,
    title: str,
    summary: str = "",
    site: PilotSite | None = None,
    audiences: Iterable[str] = (),
    owners: Iterable[User] = (),
    sections: Iterable[tuple[str, str]] = (),
) -> PolicyDraft:
    """Start a draft with its owners and a working copy of (heading, body) sections."""
    if not permissions.can_create_drafts(actor):
        raise NotAllowed("Only coordinators start policy drafts.")
    draft = PolicyDraft.objects.create(
        title=title.strip(),
        slug=_unique_slug(title),
        summary=summary,
        site=site,
        audiences=list(audiences),
    )
    draft.owners.set({actor, *owners})
    WorkingSection.objects.bulk_create(
        WorkingSection(draft=draft, key=new_key(heading), position=n, heading=heading, body=body)
        for n, (heading, body) in enumerate(sections)
    )
    log_activity(
        actor=actor,
        action="policy.draft.created",
        summary=f"Draft “{draft}” started",
        target=draft,
        site=site,
    )
    return draft


@transaction.atomic
def save_working_copy(
    *, actor: User, draft: PolicyDraft, revision: int, sections: list[dict[str, Any]]
) -> PolicyDraft:
    """Replace the working copy with `sections` (key, heading, body) in order.

    Refused when someone saved since `revision` was read, so no edit is
    silently overwritten; the caller keeps the person's text in the form.
    """
    draft = PolicyDraft.objects.select_for_update().get(pk=draft.pk)
    if not permissions.can_edit(actor, draft):
        raise NotAllowed("Only the draft's owners and coordinators edit it.")
    if revision != draft.working_revision:
        raise DraftError(
            "Someone saved this draft since you opened it. Your text is below: copy what you need, "
            "reload the page to see their changes, and save again.",
            "stale",
        )
    kept = [s for s in sections if s.get("heading", "").strip()]
    if not kept:
        raise DraftError("A draft needs at least one section with a heading.", "empty")
    keys = [s.get("key") or new_key(s["heading"]) for s in kept]
    if len(set(keys)) != len(keys):
        raise DraftError(
            "Two sections share a key; reload the page and try again.", "duplicate_key"
        )
    WorkingSection.objects.filter(
        draft=draft
    ).delete()  # the working copy is the owners' scratch pad
    WorkingSection.objects.bulk_create(
        WorkingSection(
            draft=draft, key=key, position=n, heading=s["heading"].strip(), body=s.get("body", "")
        )
        for n, (key, s) in enumerate(zip(keys, kept, strict=True))
    )
    draft.working_revision += 1
    draft.save(update_fields=["working_revision"])
    log_activity(
        actor=actor,
        action="policy.working_copy.saved",
        summary=f"Working copy of “{draft}” saved",
        target=draft,
        site=draft.site,
    )
    return draft


def _sections_changed(before: list[tuple[str, str, str]], after: list[WorkingSection]) -> str:
    """The sections a new version changed, added or removed, by heading, in one line."""
    earlier = {key: (heading, body) for key, heading, body in before}
    changed = [
        s.heading for s in after if s.key in earlier and earlier[s.key] != (s.heading, s.body)
    ]
    added = [s.heading for s in after if s.key not in earlier]
    kept = {s.key for s in after}
    removed = [heading for key, (heading, _) in earlier.items() if key not in kept]
    parts = [
        f"{label}: {'; '.join(headings)}."
        for label, headings in (("Changed", changed), ("New", added), ("Removed", removed))
        if headings
    ]
    return " ".join(parts)


@transaction.atomic
def publish_version(*, actor: User, draft: PolicyDraft, change_note: str) -> Version:
    """Freeze the working copy as the next numbered version. Versions never change afterwards."""
    draft = PolicyDraft.objects.select_for_update().get(pk=draft.pk)
    if not permissions.can_edit(actor, draft):
        raise NotAllowed("Only the draft's owners and coordinators publish versions.")
    working = list(draft.working_sections.all())
    if not working:
        raise DraftError("The working copy is empty.", "empty")
    latest = draft.versions.order_by("-number").first()
    if latest is not None:
        previous = [(s.key, s.heading, s.body) for s in latest.sections.all()]
        if previous == [(s.key, s.heading, s.body) for s in working]:
            raise DraftError(f"Nothing has changed since version {latest.number}.", "unchanged")
    if not change_note.strip() and latest is not None:
        raise DraftError("Say what changed, for the people who commented.", "change_note_required")
    version = Version.objects.create(
        draft=draft,
        number=(latest.number + 1) if latest else 1,
        change_note=change_note.strip(),
        published_by=actor,
    )
    Section.objects.bulk_create(
        Section(version=version, key=s.key, position=s.position, heading=s.heading, body=s.body)
        for s in working
    )
    hooks.public_content_changed(draft.site)
    if latest is not None:  # a new version: the first is the draft's opening, told below
        following.announce(
            draft,
            headline=f"Version {version.number} of {draft.title} is published",
            detail=f"What changed: {version.change_note}\n"
            f"{_sections_changed(previous, working)}\nYour comments on earlier versions "
            "stay with the sections they were about, shown under each section of the new "
            "version.",
            url=version.get_absolute_url(),
            exclude=[actor],
        )
    log_activity(
        actor=actor,
        action="policy.version.published",
        summary=f"{version} published",
        target=version,
        site=draft.site,
    )
    return version


@transaction.atomic
def set_status(
    *,
    actor: User,
    draft: PolicyDraft,
    status: DraftStatus | str,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
) -> PolicyDraft:
    """Move a draft through its lifecycle: drafting, open for comment, reviewing, archived."""
    status = DraftStatus(status)
    draft = PolicyDraft.objects.select_for_update().get(pk=draft.pk)
    if not permissions.can_edit(actor, draft):
        raise NotAllowed("Only the draft's owners and coordinators change its status.")
    if status == DraftStatus.ADOPTED:
        raise DraftError("Adopt a draft with “Adopt this version”.", "use_adopt")
    if status == DraftStatus.OPEN and not draft.versions.exists():
        raise DraftError(
            "Publish a first version before opening the draft for comment.", "no_version"
        )
    if opens_at and closes_at and closes_at <= opens_at:
        raise DraftError("Comments must close after they open.", "closes_before_opening")
    was = draft.status
    draft.status, draft.opens_at, draft.closes_at = status, opens_at, closes_at
    draft.save(update_fields=["status", "opens_at", "closes_at"])
    hooks.public_content_changed(draft.site)  # opened or closed for comment
    if was != status:
        _announce_status(draft, actor)
    log_activity(
        actor=actor,
        action="policy.draft.status",
        summary=f"“{draft}” is now {status.label.lower()}",
        target=draft,
        site=draft.site,
    )
    return draft


STATUS_NEWS = {
    DraftStatus.OPEN: ("{title} is open for comment", "Read it and say what you think."),
    DraftStatus.REVIEWING: (
        "Comments on {title} have closed",
        "The owners are reading every comment and will answer. We will tell you what they decide.",
    ),
    DraftStatus.ARCHIVED: (
        "{title} is closed",
        "It will not go further. See what was said and what the owners did with it.",
    ),
}


def _tell_the_outcome(
    draft: PolicyDraft, actor: User | None, *, headline: str, detail: str
) -> None:
    """Adopted or closed: each commenter hears what came of each of their comments, in one
    email from the worker; the draft's other followers get the general notice."""
    told = outcome.commenters(draft)
    following.announce(draft, headline=headline, detail=detail, exclude=[actor, *told])
    after_commit(tasks.tell_the_outcome, draft.pk, headline)


def _announce_status(
    draft: PolicyDraft, actor: User | None, *, exclude: Iterable[User] = ()
) -> None:
    """Tell the draft's followers it opened or closed; tell a site's followers it opened.
    An opening says when comments close, where it has a closing date. `exclude`: people
    already told directly (the owners, when it closes by itself)."""
    news = STATUS_NEWS.get(DraftStatus(draft.status))
    if news is None:
        return
    headline, detail = news[0].format(title=draft.title), news[1]
    if draft.status == DraftStatus.OPEN and draft.closes_at is not None:
        detail = f"{detail} Comments close at {closing.closing_time(draft.closes_at)}."
    if draft.status == DraftStatus.ARCHIVED:
        _tell_the_outcome(draft, actor, headline=headline, detail=detail)
        return
    following.announce(draft, headline=headline, detail=detail, exclude=[actor, *exclude])
    if draft.status == DraftStatus.OPEN and draft.site is not None:
        hooks.site_news(
            draft.site, headline=headline, detail=detail, url=draft.get_absolute_url(), by=actor
        )


def close_due_drafts(*, now: dt.datetime | None = None) -> int:
    """Close every draft still open for comment whose closing time has passed (the
    periodic job); how many closed. Each closes in its own transaction."""
    now = now or timezone.now()
    due = PolicyDraft.objects.filter(status=DraftStatus.OPEN, closes_at__lte=now)
    return sum(close_for_comment(draft=draft, now=now) for draft in due.order_by("pk"))


@transaction.atomic
def close_for_comment(*, draft: PolicyDraft, now: dt.datetime | None = None) -> bool:
    """Move a draft whose closing time has come from open to reviewing, as the owners
    would: its followers hear that comments have closed, and its owners get one email
    with how many comments wait for an answer. Nothing happens (False) unless it is
    still open and due, so running it twice tells nobody twice."""
    now = now or timezone.now()
    draft = PolicyDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.status != DraftStatus.OPEN or draft.closes_at is None or draft.closes_at > now:
        return False
    draft.status = DraftStatus.REVIEWING
    draft.save(update_fields=["status"])
    hooks.public_content_changed(draft.site)
    owners = list(draft.owners.all())
    _announce_status(draft, None, exclude=owners)
    to_answer = (
        Comment.objects.top_level()
        .shown()
        .filter(section__version__draft=draft, responses__isnull=True)
        .count()
    )
    subject = f"Comments on {draft.title} have closed: {plural(to_answer, 'comment')} to answer"
    for owner in owners:
        if not owner.email or not owner.is_active:
            continue
        email_after_commit(
            to=owner.email,
            subject=subject,
            template="policy_drafts/email/comments_closed.txt",
            context={
                "person": owner,
                "draft": draft,
                "closed_at": closing.closing_time(draft.closes_at),
                "to_answer": plural(to_answer, "comment"),
                "report_url": reverse("policy_drafts:report", args=[draft.slug]),
            },
        )
    log_activity(
        actor=None,
        action="policy.draft.closed",
        summary=f"Comments on “{draft}” closed: {plural(to_answer, 'comment')} to answer",
        target=draft,
        site=draft.site,
    )
    return True


def ask_to_agree_again(draft_id: int, version_id: int) -> int:
    """Email everyone who agreed to an earlier version, once each (worker)."""
    draft = PolicyDraft.objects.get(pk=draft_id)
    latest = draft.versions.get(pk=version_id)
    people = User.objects.filter(
        pk__in=Agreement.objects.filter(version__draft=draft)
        .exclude(version=latest)
        .values("person")
    )
    with transaction.atomic():
        for person in people:
            email_after_commit(
                to=person.email,
                subject=f"Please agree to the new {draft.title}",
                template="policy_drafts/email/agree_again.txt",
                context={"person": person, "draft": draft, "version": latest},
            )
    return len(people)


@transaction.atomic
def adopt(*, actor: User, draft: PolicyDraft) -> PolicyDraft:
    """Adopt the latest version. People who agreed to an earlier one are asked to agree again."""
    draft = PolicyDraft.objects.select_for_update().get(pk=draft.pk)
    if not permissions.can_edit(actor, draft):
        raise NotAllowed("Only the draft's owners and coordinators adopt it.")
    latest = draft.versions.order_by("-number").first()
    if latest is None:
        raise DraftError("Publish a version before adopting the draft.", "no_version")
    previous = draft.adopted_version
    draft.status, draft.adopted_version = DraftStatus.ADOPTED, latest
    draft.save(update_fields=["status", "adopted_version"])
    hooks.public_content_changed(draft.site)
    _tell_the_outcome(
        draft,
        actor,
        headline=f"{draft.title} is adopted",
        detail=f"Version {latest.number} is adopted. Each comment shows the owners' answer "
        "beside it.",
    )
    if previous is not None and previous.pk != latest.pk:
        after_commit(tasks.ask_to_agree_again, draft.pk, latest.pk)
    log_activity(
        actor=actor,
        action="policy.draft.adopted",
        summary=f"{latest} adopted",
        target=draft,
        site=draft.site,
    )
    return draft
