"""Data protection for applications: the retention purge, erasure, and what a person's
data download holds."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from programme.models import ActivityLog, User
from programme.services import data_protection, log_activity
from programme.services.data_protection import pseudonymise_activity

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
    StageChange.objects.filter(application=application).update(note="")
    StageChange.objects.create(application=application, note=why)


@transaction.atomic
def purge_expired(*, retention: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Anonymise applications not taken forward once `retention` has passed. Safe to run daily."""
    cutoff = (now or timezone.now()) - retention
    expired = Application.objects.not_anonymised().filter(
        stage__in=[Stage.WITHDRAWN, Stage.DECLINED], stage_changed_at__lt=cutoff
    )
    count = 0
    for application in expired.select_for_update():
        _anonymise(application, "Anonymised at the end of the retention period")
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

    The activity log no longer names them, and their account is unlinked from the
    application (or closed, if they ask).
    """
    application = _locked(application)
    if application.anonymised_at:
        return application
    _end_role(None, application)
    if not application.is_closed:
        _record(application, to=Stage.WITHDRAWN, by=None, note="Erasure requested")
    names = [application.full_name, application.email]
    person = application.person
    _anonymise(application, "Anonymised at the applicant's request")
    pseudonymise_activity(_activity_about(application, person), names)
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


def account_closing(user: User) -> None:
    """The `account_closing` hook: their applications are erased, their role ended."""
    for application in Application.objects.filter(person=user, anonymised_at__isnull=True):
        erase(application=application)
