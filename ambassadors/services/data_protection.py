"""Data protection for applications: the retention purge, erasure, what a person's data
download holds, and the stores of personal data applications keep."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from programme.models import ActivityLog, OutgoingEmail, User
from programme.personal_data import Forgetting, PersonalDataStore
from programme.services import data_protection, log_activity

from ..models import (
    Application,
    DutyLog,
    EqualityMonitoring,
    OnboardingStep,
    Reference,
    SafeguardingCheck,
    Stage,
    StageChange,
)
from .pipeline import _end_role, _locked, _record

ANONYMOUS = "Former applicant"
RETENTION = "Anonymised at the end of the retention period"
ON_REQUEST = "Anonymised at the applicant's request"


def _anonymise(application: Application, why: str) -> None:
    application.full_name, application.email = (
        ANONYMOUS,
        f"anonymised-{application.pk}@invalid.example",
    )
    application.neighbourhood = application.motivation = application.channels = (
        application.availability
    ) = ""
    application.anonymised_at = timezone.now()
    application.save()
    EqualityMonitoring.objects.filter(
        application=application
    ).delete()  # aggregate figures only; nothing to keep
    application.references.update(
        referee_name="Referee", referee_email="referee@invalid.example", known_for="", statement=""
    )
    # That a check was seen stays; the certificate's number identifies the person.
    SafeguardingCheck.objects.filter(application=application).update(certificate_reference="")
    StageChange.objects.filter(application=application).update(note="")
    StageChange.objects.create(application=application, note=why)


def _forgetting(application: Application, why: str) -> Forgetting:
    """The application's rows, and the names and addresses in them (the applicant's and the
    referees'), gathered before anything changes."""
    references = list(application.references.all())
    forgetting = Forgetting(
        reason=why,
        emails={application.email.lower()} | {r.referee_email.lower() for r in references},
        names={application.full_name} | {r.referee_name for r in references},
    )
    for rows in (
        Application.objects.filter(pk=application.pk),
        Reference.objects.filter(application=application),
        SafeguardingCheck.objects.filter(application=application),
        OnboardingStep.objects.filter(application=application),
        DutyLog.objects.filter(application=application),
        StageChange.objects.filter(application=application),
        _activity_about(application, application.person),
        # What was emailed about it, to the applicant or a referee; anything else to the
        # same address is not the application's (they may have an account there).
        OutgoingEmail.objects.filter(
            forgetting.addressed("to"), template__startswith="ambassadors/email/"
        ),
    ):
        forgetting.add(rows)
    return forgetting


def _purge_applications(forgetting: Forgetting) -> None:
    for application in Application.objects.not_anonymised().filter(
        pk__in=forgetting.of(Application)
    ):
        _anonymise(application, forgetting.reason)


@transaction.atomic
def purge_expired(*, retention: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Anonymise applications not taken forward once `retention` has passed. Safe to run daily.

    Every store of personal data forgets them (`programme.personal_data`): the logs, the
    back office's history and the outbox no longer name the applicant or their referees.
    """
    cutoff = (now or timezone.now()) - retention
    expired = Application.objects.not_anonymised().filter(
        stage__in=[Stage.WITHDRAWN, Stage.DECLINED], stage_changed_at__lt=cutoff
    )
    count = 0
    for application in expired.select_for_update():
        data_protection.purge_records(_forgetting(application, RETENTION))
        count += 1
    if count:
        log_activity(
            actor=None,
            action="ambassadors.purged",
            summary=f"{count} applications anonymised",
            data={"count": count},
        )
    return count


def _activity_about(application: Application, person: User | None) -> QuerySet[ActivityLog]:
    """Log entries about the application or anything hung on it (references, checks, steps,
    duties), and what its person did as an ambassador at its site."""
    about = Q()
    for model, ids in (
        (Application, [application.pk]),
        (Reference, application.references.values_list("pk", flat=True)),
        (
            SafeguardingCheck,
            SafeguardingCheck.objects.filter(application=application).values_list("pk", flat=True),
        ),
        (OnboardingStep, application.onboarding.values_list("pk", flat=True)),
        (DutyLog, application.duty_logs.values_list("pk", flat=True)),
    ):
        about |= Q(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=[str(pk) for pk in ids],
        )
    if person is not None:  # what they did there, and the roles they held there
        about |= Q(actor=person, site=application.site)
        about |= Q(data__user=person.pk, site=application.site)
    return ActivityLog.objects.filter(about)


@transaction.atomic
def erase(*, application: Application, close_account: bool = False) -> Application:
    """The applicant asked for erasure: anonymise, keeping the pipeline history whole.

    Every store of personal data forgets them as the retention purge does (the logs, the
    back office's history and the outbox no longer name them), and their account is
    unlinked from the application (or closed, if they ask).
    """
    application = _locked(application)
    if application.anonymised_at:
        return application
    _end_role(None, application)
    if not application.is_closed:
        _record(application, to=Stage.WITHDRAWN, by=None, note="Erasure requested")
    person = application.person
    data_protection.purge_records(_forgetting(application, ON_REQUEST))
    application.refresh_from_db()
    application.person = None
    application.save(update_fields=["person"])
    if person is not None and close_account:
        data_protection.close_account(actor=person, user=person)
    log_activity(
        actor=None,
        action="ambassadors.erased",
        summary="An applicant's data was erased",
        target=application,
        site=application.site,
    )
    return application


def export(application: Application) -> dict[str, object]:
    """Everything held about an applicant, for their subject access request (JSON)."""
    return {
        "site": application.site.name,
        "name": application.full_name,
        "email": application.email,
        "neighbourhood": application.neighbourhood,
        "why": application.motivation,
        "tasks": [task.name for task in application.tasks.all()],
        "channels": application.channels,
        "availability": application.availability,
        "consented_at": application.consented_at.isoformat(),
        "stage": application.get_stage_display(),
        "timeline": [
            {"at": c.at.isoformat(), "from": c.from_stage, "to": c.to_stage, "note": c.note}
            for c in application.timeline.all()
        ],
        "references": [
            {
                "referee": r.referee_name,
                "requested": r.requested_at.isoformat(),
                "received": r.received_at.isoformat() if r.received_at else None,
                "known_for": r.known_for,
                "statement": r.statement,
            }
            for r in application.references.all()
        ],
        "safeguarding_check": (
            {
                "certificate_reference": application.safeguarding.certificate_reference,
                "seen_on": application.safeguarding.seen_on.isoformat(),
            }
            if hasattr(application, "safeguarding")
            else None
        ),
        "onboarding": [
            {
                "step": step.item.label,
                "done": step.done_at.isoformat() if step.done_at else None,
                "expires": step.expires_on.isoformat() if step.expires_on else None,
            }
            for step in application.onboarding.select_related("item")
        ],
        "duty_log": [
            {
                "kind": duty.get_kind_display(),
                "on": duty.done_on.isoformat(),
                "what": duty.description,
                "people": duty.people,
                "hours": str(duty.hours) if duty.hours is not None else None,
            }
            for duty in application.duty_logs.all()
        ],
        "activity": [
            {"at": entry.occurred_at.isoformat(), "summary": entry.summary}
            for entry in _activity_about(application, application.person).order_by("occurred_at")
        ],
        "equality_monitoring": (
            {
                k: getattr(application.equality, k)
                for k in ("age_band", "gender", "ethnicity", "disability")
            }
            if hasattr(application, "equality")
            else None
        ),
    }


def personal_data(user: User) -> dict[str, object]:
    """The `personal_data` hook: every application the person's account is linked to."""
    return {
        "ambassador_applications": [
            export(application)
            for application in Application.objects.filter(person=user).select_related("site")
        ]
    }


def _applications(forgetting: Forgetting) -> QuerySet[Application]:
    """Theirs: linked to the account, or made at its address (addresses are unique)."""
    return Application.objects.not_anonymised().filter(
        Q(person=forgetting.user) | forgetting.addressed("email")
    )


def _close_applications(forgetting: Forgetting) -> None:
    """Closing an account erases every application of theirs, as if they asked (their role
    at the site ends, an open application is withdrawn)."""
    for application in Application.objects.not_anonymised().filter(
        pk__in=forgetting.of(Application)
    ):
        erase(application=application)


def _close_references_given(forgetting: Forgetting) -> None:
    """A reference they gave someone else (at their address) stays, without who gave it."""
    Reference.objects.filter(forgetting.addressed("referee_email")).update(
        referee_name="Referee", referee_email="referee@invalid.example"
    )


def _hung_on_applications(model: type[models.Model]) -> Callable[[Forgetting], QuerySet[Any]]:
    def records(forgetting: Forgetting) -> QuerySet[Any]:
        return model._default_manager.filter(application__in=_applications(forgetting))

    return records


PERSONAL_DATA_STORES = [
    PersonalDataStore(
        Application,
        ("full_name", "email", "neighbourhood", "motivation", "channels", "availability"),
        "Every application linked to them or made at their address is erased, as if they "
        "asked: withdrawn if open, their ambassador role ended, name “Former applicant”, "
        "address one that goes nowhere, what they told us emptied, unlinked from the account.",
        "Applications withdrawn or declined longer ago than AMBASSADOR_RETENTION_DAYS are "
        "anonymised as on erasure (the stages they went through stay).",
        records=_applications,
        name_fields=("full_name",),
        email_fields=("email",),
        close=_close_applications,
        purge=_purge_applications,
    ),
    PersonalDataStore(
        EqualityMonitoring,
        ("age_band", "gender", "ethnicity", "disability"),
        "Deleted with its application.",
        "Deleted with its application.",
        records=_hung_on_applications(EqualityMonitoring),
    ),
    PersonalDataStore(
        StageChange,
        ("note",),
        "Notes emptied with its application; the stages and dates stay.",
        "Notes emptied with its application; the stages and dates stay.",
        records=_hung_on_applications(StageChange),
    ),
    PersonalDataStore(
        Reference,
        ("referee_name", "referee_email", "known_for", "statement"),
        "On their applications: the referee's name, address and words go with the "
        "application. A reference they gave someone else, at their address: it stays, "
        "without their name and address.",
        "The referee's name, address and words go with the application.",
        records=_hung_on_applications(Reference),
        close=_close_references_given,
    ),
    PersonalDataStore(
        SafeguardingCheck,
        ("certificate_reference",),
        "The certificate's number goes with the application; that a check was seen, by "
        "whom and when, stays.",
        "The certificate's number goes with the application.",
        records=_hung_on_applications(SafeguardingCheck),
    ),
    PersonalDataStore(
        DutyLog,
        ("description",),
        "Kept: what they logged doing stays, on an application that no longer names them.",
        "Kept, on an application that no longer names them.",
        records=_hung_on_applications(DutyLog),
    ),
]


def stores() -> list[PersonalDataStore]:
    """The `personal_data_stores` hook."""
    return PERSONAL_DATA_STORES
