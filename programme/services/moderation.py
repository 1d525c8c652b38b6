"""Shared moderation for everything people write, in every app.

Reporting, hiding, restoring and withdrawing. Nothing is deleted: hiding keeps
the text with the moderator, reason and time; the author is told by email.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from programme.platform import limits
from programme.platform.clients import network_key
from programme.platform.errors import NotAllowed, ProgrammeError

from .. import hooks, permissions
from ..models import DecisionAction, ModeratedContent, ModerationDecision, Report, User
from ..notifications import email_after_commit
from .activity import log_activity

# Accounts cost nothing, so reports do not all weigh the same when they decide whether
# something is hidden before a moderator looks. An unconfirmed account's report weighs
# nothing (a moderator still sees it), and so does one from an account made after what it
# reports; an account younger than a week weighs half; any other confirmed account weighs
# one. Reports from one network (the same /24, or /48) weigh as the heaviest of them: six
# fresh accounts from one address cannot hide a post, nor three old ones.
NEW_ACCOUNT_AGE = dt.timedelta(days=7)
REPORTS_PER_PERSON = limits.Limit("reports-person", 10, dt.timedelta(hours=1), "reported")
REPORTS_PER_CLIENT = limits.Limit("reports-client", 20, dt.timedelta(hours=1), "reported")


def report_weight(
    reporter: User, *, at: dt.datetime, written_at: dt.datetime | None = None
) -> float:
    """How much one person's report counts toward hiding an item before review."""
    if not reporter.is_confirmed:
        return 0.0
    if written_at is not None and reporter.date_joined > written_at:
        return 0.0  # an account made after the words it reports: made to report them
    return 0.5 if at - reporter.date_joined < NEW_ACCOUNT_AGE else 1.0


def weight_of_open_reports(
    *, content_type_id: int, object_id: int, written_at: dt.datetime | None = None
) -> float:
    """The weight of the open reports on one item (one report per person, see `Report`):
    each network's heaviest report, summed. A report with no network known stands alone."""
    now = timezone.now()
    reports = Report.objects.open().filter(content_type_id=content_type_id, object_id=object_id)
    heaviest: dict[str, float] = {}
    for report in reports.select_related("reporter"):
        place = report.network or f"person:{report.reporter_id}"
        weight = report_weight(report.reporter, at=now, written_at=written_at)
        heaviest[place] = max(heaviest.get(place, 0.0), weight)
    return sum(heaviest.values())


def _locked(target: ModeratedContent) -> ModeratedContent:
    return type(target)._default_manager.select_for_update().get(pk=target.pk)


def _moderated(target: ModeratedContent) -> None:
    """Tell the apps above that this content was hidden, shown again or withdrawn."""
    for listener in hooks.content_moderated.implementations():
        listener(target)


def _where(target: ModeratedContent) -> dict[str, object]:
    return {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}


@transaction.atomic
def report_content(
    *, reporter: User, target: ModeratedContent, reason: str, client: str = ""
) -> Report:
    """Report content with a reason. One open report per person per item; a few an hour
    per person and per client address."""
    if not permissions.can_report(reporter, target):
        raise ProgrammeError("You cannot report this.", "cannot_report")
    reason = reason.strip()
    if not reason:
        raise ProgrammeError(
            "Say what is wrong, so a moderator can judge it.", "reason_required", field="reason"
        )
    limits.count_or_refuse(REPORTS_PER_PERSON, reporter.pk)
    if client:
        limits.count_or_refuse(REPORTS_PER_CLIENT, client)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter,
                reason=reason,
                site=target.moderation_site(),
                network=network_key(client),
                **_where(target),
            )
    except IntegrityError as error:
        raise ProgrammeError(
            "You have already reported this; a moderator will look at it.", "already_reported"
        ) from error
    for listener in hooks.content_reported.implementations():
        listener(report)
    log_activity(
        actor=reporter,
        action="moderation.reported",
        summary=f"{reporter} reported {target._meta.verbose_name}",
        target=target,
        site=target.moderation_site(),
    )
    return report


def _decide(
    *, moderator: User, target: ModeratedContent, action: DecisionAction, reason: str
) -> ModerationDecision:
    reason = reason.strip()
    if not reason:
        raise ProgrammeError(
            "Give a reason: the author will be told it.", "reason_required", field="reason"
        )
    now = timezone.now()
    decision = ModerationDecision.objects.create(
        moderator=moderator,
        action=action,
        reason=reason,
        decided_at=now,
        site=target.moderation_site(),
        **_where(target),
    )
    Report.objects.open().filter(**_where(target)).update(resolved_at=now, resolved_by=moderator)
    log_activity(
        actor=moderator,
        action=f"moderation.{action}",
        summary=f"{moderator} {action.label.lower()} {target._meta.verbose_name}",
        target=target,
        site=target.moderation_site(),
        data={"reason": reason},
    )
    return decision


@transaction.atomic
def hide_content(*, moderator: User, target: ModeratedContent, reason: str) -> ModeratedContent:
    """Hide content with a reason. The author is told; the text is kept."""
    if not permissions.can_moderate(moderator, target):
        raise NotAllowed("You cannot moderate here.")
    target = _locked(target)
    if target.is_hidden:
        raise ProgrammeError("This is already hidden.", "already_hidden")
    _decide(moderator=moderator, target=target, action=DecisionAction.HIDE, reason=reason)
    target.hidden_at = timezone.now()
    target.hidden_by = moderator
    target.hidden_reason = reason.strip()
    target.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _moderated(target)
    author = target.moderation_author()
    if author is not None:  # content brought in from elsewhere may have no account behind it
        email_after_commit(
            to=author.email,
            subject="Something you wrote has been hidden",
            template="programme/email/content_hidden.txt",
            context={"author": author, "target": target, "reason": target.hidden_reason},
        )
    return target


@transaction.atomic
def restore_content(*, moderator: User, target: ModeratedContent, reason: str) -> ModeratedContent:
    """Show hidden content again, with a reason; the author is told."""
    if not permissions.can_moderate(moderator, target):
        raise NotAllowed("You cannot moderate here.")
    target = _locked(target)
    if not target.is_hidden:
        raise ProgrammeError("This is not hidden.", "not_hidden")
    _decide(moderator=moderator, target=target, action=DecisionAction.RESTORE, reason=reason)
    target.hidden_at = None
    target.hidden_by = None
    target.hidden_reason = ""
    target.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _moderated(target)
    author = target.moderation_author()
    if author is not None:
        email_after_commit(
            to=author.email,
            subject="Something you wrote is shown again",
            template="programme/email/content_restored.txt",
            context={"author": author, "target": target, "reason": reason.strip()},
        )
    return target


@transaction.atomic
def dismiss_reports(
    *, moderator: User, target: ModeratedContent, reason: str
) -> ModerationDecision:
    """Close the open reports on content that breaks no rule; it stays shown."""
    if not permissions.can_moderate(moderator, target):
        raise NotAllowed("You cannot moderate here.")
    target = _locked(target)
    return _decide(moderator=moderator, target=target, action=DecisionAction.DISMISS, reason=reason)


@transaction.atomic
def withdraw_content(*, author: User, target: ModeratedContent) -> ModeratedContent:
    """The author takes back what they wrote; it shows as withdrawn, and is kept."""
    target = _locked(target)
    if getattr(target.moderation_author(), "pk", None) != author.pk:
        raise NotAllowed("Only the author can withdraw this.")
    if target.is_withdrawn:
        raise ProgrammeError("You have already withdrawn this.", "already_withdrawn")
    target.withdrawn_at = timezone.now()
    target.save(update_fields=["withdrawn_at"])
    _moderated(target)
    log_activity(
        actor=author,
        action="moderation.withdrawn",
        summary=f"{author} withdrew their {target._meta.verbose_name}",
        target=target,
        site=target.moderation_site(),
    )
    return target
