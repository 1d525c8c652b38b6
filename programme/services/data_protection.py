"""A person's data: everything held about them, and closing their account.

Any person can download what the product keeps about them and close their
account from their profile. Closing keeps what they wrote (a consultation
record stays whole) but attributes it to "a former participant"; their name
and address leave the account and the activity log. Each app adds its own
records through the `personal_data` and `account_closing` hooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import hooks
from ..models import ActivityLog, Reply, Report, RoleGrant, SurveyResponse, User
from .activity import log_activity
from .errors import ProgrammeError

FORMER_PARTICIPANT = "A former participant"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def activity_about(user: User) -> QuerySet[ActivityLog]:
    """Log entries the person made, that are about their account, or that name it in their
    data (a role granted to them)."""
    account = ContentType.objects.get_for_model(User)
    return ActivityLog.objects.filter(
        Q(actor=user) | Q(target_type=account, target_id=str(user.pk)) | Q(data__user=user.pk)
    ).order_by("occurred_at", "pk")


def personal_data(user: User) -> dict[str, object]:
    """Everything the product keeps about a person, as plain data for a JSON download."""
    data: dict[str, object] = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "display_name": user.display_name,
            "bio": user.bio,
            "joined": _iso(user.date_joined),
            "email_confirmed": _iso(user.email_confirmed_at),
            "last_sign_in": _iso(user.last_login),
        },
        "roles": [
            {
                "role": grant.label,
                "granted": _iso(grant.granted_at),
                "ended": _iso(grant.revoked_at),
                "shown_on_persona": grant.shown_on_persona,
            }
            for grant in RoleGrant.objects.filter(user=user).select_related("site")
        ],
        "replies_to_updates": [
            {
                "update": reply.update.title,
                "capacity": reply.capacity_label,
                "body": reply.body,
                "at": _iso(reply.created_at),
            }
            for reply in Reply.objects.filter(author=user).select_related("update")
        ],
        "reports_made": [
            {"reason": report.reason, "at": _iso(report.created_at)}
            for report in Report.objects.filter(reporter=user)
        ],
        "survey_answers": [
            {"round": str(answer.round), "actions": answer.actions, "at": _iso(answer.submitted_at)}
            for answer in SurveyResponse.objects.filter(respondent=user).select_related(
                "round__site"
            )
        ],
        "activity": [
            {"at": _iso(entry.occurred_at), "action": entry.action, "summary": entry.summary}
            for entry in activity_about(user)
        ],
    }
    for contribute in hooks.get_hooks("personal_data"):
        data.update(contribute(user))
    return data


def pseudonymise_activity(entries: QuerySet[ActivityLog], names: Iterable[str]) -> int:
    """Replace a person's names and addresses in log summaries with "a former participant"."""
    names = sorted({n for n in names if n and len(n) > 2}, key=len, reverse=True)
    changed = 0
    for entry in entries.only("pk", "summary", "data"):
        summary = entry.summary
        for name in names:
            summary = summary.replace(name, FORMER_PARTICIPANT.lower())
        if summary != entry.summary or entry.data:
            ActivityLog.objects.filter(pk=entry.pk).update(summary=summary, data={})
            changed += 1
    return changed


@transaction.atomic
def close_account(*, actor: User | AnonymousUser, user: User) -> User:
    """Close a person's account at their request. What they wrote stays, unnamed."""
    if not actor.is_authenticated or actor.pk != user.pk:
        raise ProgrammeError("Only you can close your account.", "not_yours")
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    names = [user.email, user.full_name, user.display_name]
    for close in hooks.get_hooks("account_closing"):
        close(user)
    now = timezone.now()
    RoleGrant.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    pseudonymise_activity(activity_about(user), names)
    user.email = f"closed-{user.pk}@invalid.example"
    user.full_name, user.display_name, user.bio = FORMER_PARTICIPANT, "", ""
    user.is_active, user.email_confirmed_at = False, None
    user.set_unusable_password()
    user.save()
    log_activity(
        actor=None, action="programme.account.closed", summary="An account was closed", target=user
    )
    return user
