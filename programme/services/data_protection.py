"""A person's data: everything held about them, and closing their account.

Any person can download what the product keeps about them and close their
account from their profile. Closing keeps what they wrote (a consultation
record stays whole) but attributes it to "a former participant"; their name
and address leave the account, the logs, the outbox and every other store of
personal data. Each app adds its own records through the `personal_data`
hook, ends what it must through `account_closing`, and lists its stores
through `personal_data_stores` (see `programme.personal_data`); programme's
own are `PERSONAL_DATA_STORES` below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast, Coalesce, Now
from django.utils import timezone

from programme.platform.errors import ProgrammeError

from .. import hooks
from ..models import (
    ActionItem,
    ActivityLog,
    Following,
    OutgoingEmail,
    Reply,
    Report,
    RoleGrant,
    ShareCode,
    StrandMember,
    SurveyResponse,
    User,
)
from ..personal_data import (
    FORMER_PARTICIPANT,
    Forgetting,
    PersonalDataStore,
    owned_by,
    personal_data_stores,
)
from .activity import log_activity


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
    for contribute in hooks.personal_data.implementations():
        data.update(contribute(user))
    return data


# What programme holds, and what forgetting a person does to it ---------------------------


def _account(forgetting: Forgetting) -> QuerySet[User]:
    return User.objects.filter(pk__in=[forgetting.user.pk] if forgetting.user else [])


def _close_user(forgetting: Forgetting) -> None:
    user = forgetting.user
    if user is None:
        return
    user.email = f"closed-{user.pk}@invalid.example"
    user.full_name, user.display_name, user.bio = FORMER_PARTICIPANT, "", ""
    user.is_active, user.email_confirmed_at = False, None
    user.set_unusable_password()
    user.save()


def _forget_followings(forgetting: Forgetting) -> None:
    # What they followed, signed in or as a visitor at one of their addresses, with the
    # notices waiting for a digest: nothing more is written to them.
    theirs = Q(person=forgetting.user) if forgetting.user is not None else Q(pk__in=[])
    Following.objects.filter(theirs | forgetting.addressed("email")).delete()


def _unlink_share_codes(forgetting: Forgetting) -> None:
    ShareCode.objects.filter(person=forgetting.user).update(
        person=None, revoked_at=Coalesce("revoked_at", Now())
    )


def _end_roles(forgetting: Forgetting) -> None:
    now = timezone.now()
    RoleGrant.objects.filter(user=forgetting.user, revoked_at__isnull=True).update(revoked_at=now)


def _end_strand_roles(forgetting: Forgetting) -> None:
    StrandMember.objects.current().filter(user=forgetting.user).update(ended_at=timezone.now())


def _forget_in_log(forgetting: Forgetting) -> None:
    """Entries by the person, or about their account or rows, lose their names and addresses
    (and their data); any other entry naming one of their addresses loses the address."""
    about = Q(pk__in=forgetting.of(ActivityLog)) | forgetting.about("target_type", "target_id")
    if forgetting.user is not None:
        about |= Q(actor=forgetting.user) | Q(data__user=forgetting.user.pk)
    for entry in ActivityLog.objects.filter(about).only("pk", "summary"):
        ActivityLog.objects.filter(pk=entry.pk).update(
            summary=forgetting.redact(entry.summary, names=True), data={}
        )
    if forgetting.user is None:
        return  # the purge: only what is about the application
    mentions = (
        ActivityLog.objects.annotate(data_text=Cast("data", TextField()))
        .filter(forgetting.mentioning("summary", "data_text"))
        .only("pk", "summary", "data")
    )
    for entry in mentions:
        ActivityLog.objects.filter(pk=entry.pk).update(
            summary=forgetting.redact(entry.summary, names=False),
            data=forgetting.redact_json(entry.data, names=False),
        )


def _forget_in_back_office_log(forgetting: Forgetting) -> None:
    """As the activity log: entries about the person's rows lose names and addresses, any
    other entry naming one of their addresses loses the address."""
    about = forgetting.about("content_type", "object_id")
    for entry in LogEntry.objects.filter(about).only("pk", "object_repr", "change_message"):
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=forgetting.redact(entry.object_repr, names=True),
            change_message=forgetting.redact(entry.change_message, names=True),
        )
    if forgetting.user is None:
        return
    mentions = LogEntry.objects.filter(forgetting.mentioning("object_repr", "change_message"))
    for entry in mentions.only("pk", "object_repr", "change_message"):
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=forgetting.redact(entry.object_repr, names=False),
            change_message=forgetting.redact(entry.change_message, names=False),
        )


def _forget_emails(forgetting: Forgetting) -> None:
    """Emails to the person go, sent or not; their address leaves anyone else's."""
    OutgoingEmail.objects.filter(forgetting.addressed("to")).delete()
    mentions = (
        OutgoingEmail.objects.annotate(message_text=Cast("message", TextField()))
        .filter(forgetting.mentioning("subject", "message_text"))
        .only("pk", "subject", "message")
    )
    for email in mentions:
        OutgoingEmail.objects.filter(pk=email.pk).update(
            subject=forgetting.redact(email.subject, names=False),
            message=forgetting.redact_json(email.message, names=False),
        )


def _purge_emails(forgetting: Forgetting) -> None:
    OutgoingEmail.objects.filter(pk__in=forgetting.of(OutgoingEmail)).delete()


def _forget_sign_ins(model: type[models.Model]) -> Callable[[Forgetting], None]:
    def forget(forgetting: Forgetting) -> None:
        model._default_manager.filter(forgetting.addressed("username")).delete()

    return forget


KEPT = "Kept: what they wrote stays, shown as by a former participant (the account's name is gone)."
THE_LOG = (
    "Entries by them, or about their account or any of their rows: their names and "
    "addresses become “a former participant” and the entry's data goes. Any other entry "
    "naming one of their addresses: the address goes (never searched by name, so someone "
    "else of the same name keeps theirs)."
)

PERSONAL_DATA_STORES = [
    PersonalDataStore(
        User,
        ("email", "full_name", "display_name", "bio", "password"),
        "Address becomes closed-<id>@invalid.example, name “A former participant”, display "
        "name and bio emptied, password unusable, no longer confirmed or active.",
        records=_account,
        close=_close_user,
        order=100,
    ),
    PersonalDataStore(
        RoleGrant,
        ("user",),
        "Every role they hold ends; the history of roles held stays.",
        records=owned_by(RoleGrant, "user"),
        close=_end_roles,
    ),
    PersonalDataStore(
        StrandMember,
        ("user",),
        "Every strand role they hold ends; the history stays.",
        records=owned_by(StrandMember, "user"),
        close=_end_strand_roles,
    ),
    PersonalDataStore(
        ActionItem,
        ("owner",),
        "Kept, owned by a former participant (for a coordinator to hand on).",
        records=owned_by(ActionItem, "owner"),
    ),
    PersonalDataStore(Reply, ("author", "body"), KEPT, records=owned_by(Reply, "author")),
    PersonalDataStore(
        Following,
        ("person", "email"),
        "Everything they follow, signed in or by one of their addresses, is deleted, with "
        "the news waiting for their digest.",
        records=owned_by(Following, "person"),
        close=_forget_followings,
        order=70,
    ),
    PersonalDataStore(
        ShareCode,
        ("person",),
        "Their share codes stop counting and no longer name them; what the codes counted "
        "stays, as totals per day that never named anyone.",
        records=owned_by(ShareCode, "person"),
        close=_unlink_share_codes,
    ),
    PersonalDataStore(
        Report,
        ("reporter", "reason"),
        "Kept, as made by a former participant (the network is a keyed digest, never an address).",
        records=owned_by(Report, "reporter"),
    ),
    PersonalDataStore(
        OutgoingEmail,
        ("to", "subject", "message"),
        "Every email to one of their addresses is deleted, sent or not (a waiting one is "
        "never sent); their address leaves the subject and text of anyone else's.",
        "Emails about the application, to the applicant or a referee, are deleted.",
        records=lambda forgetting: OutgoingEmail.objects.filter(forgetting.addressed("to")),
        close=_forget_emails,
        purge=_purge_emails,
        order=80,
    ),
    PersonalDataStore(
        AccessAttempt,
        ("username", "ip_address", "user_agent", "get_data", "post_data"),
        "Sign-in attempts with one of their addresses are deleted.",
        close=_forget_sign_ins(AccessAttempt),
        order=80,
    ),
    PersonalDataStore(
        AccessLog,
        ("username", "ip_address", "user_agent", "session_hash"),
        "Sign-ins with one of their addresses are deleted.",
        close=_forget_sign_ins(AccessLog),
        order=80,
    ),
    PersonalDataStore(
        AccessFailureLog,
        ("username", "ip_address", "user_agent"),
        "Failed sign-ins with one of their addresses are deleted.",
        close=_forget_sign_ins(AccessFailureLog),
        order=80,
    ),
    PersonalDataStore(
        LogEntry,
        ("object_repr", "change_message"),
        "Back-office entries about their account or any of their rows: their names and "
        "addresses become “a former participant”; any other naming one of their addresses: "
        "the address goes.",
        "Entries about the application or its rows: the applicant's and referees' names and "
        "addresses go.",
        close=_forget_in_back_office_log,
        purge=_forget_in_back_office_log,
        order=90,
    ),
    PersonalDataStore(
        ActivityLog,
        ("summary", "data"),
        THE_LOG,
        "Entries about the application or its rows, and what its person did at its site: "
        "the applicant's and referees' names and addresses go, and the entry's data.",
        close=_forget_in_log,
        purge=_forget_in_log,
        order=90,
    ),
]


@transaction.atomic
def purge_records(forgetting: Forgetting) -> None:
    """Forget the person's rows named in `forgetting.records`: every store's `purge`, in order
    (the retention purge, and an applicant's erasure)."""
    for store in personal_data_stores():
        if store.purge is not None:
            store.purge(forgetting)


@transaction.atomic
def close_account(*, actor: User | AnonymousUser, user: User) -> User:
    """Close a person's account at their request. What they wrote stays, unnamed.

    Every store of personal data (`personal_data_stores()`) is walked: first to find the
    person's own rows, with the names and addresses they hold, before anything changes;
    then, once each app has ended what only made sense while the account was open, to
    clear or pseudonymise them.
    """
    if not actor.is_authenticated or actor.pk != user.pk:
        raise ProgrammeError("Only you can close your account.", "not_yours")
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    forgetting = Forgetting(
        reason="Account closed",
        user=user,
        emails={user.email.lower()},
        names={user.full_name, user.display_name} - {""},
    )
    stores = personal_data_stores()
    for store in stores:
        if store.records is not None:
            forgetting.add(
                store.records(forgetting),
                name_fields=store.name_fields,
                email_fields=store.email_fields,
            )
    for end in hooks.account_closing.implementations():
        end(user)
    for store in stores:
        if store.close is not None:
            store.close(forgetting)
    log_activity(
        actor=None, action="programme.account.closed", summary="An account was closed", target=user
    )
    return user
