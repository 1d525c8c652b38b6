"""Every write in ambassadors/: applying, moving through the pipeline, references, onboarding, exit, and data protection.

A stage changes only here, with who moved it, when and why in the timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from policy_drafts.models import PolicyDraft
from policy_drafts.services import has_current_agreement
from programme import limits
from programme import services as programme_services
from programme.invitations import check_may_accept, invitation_token, read_invitation
from programme.models import ActivityLog, PilotSite, Role, RoleGrant, User
from programme.notifications import email_after_commit
from programme.services import ProgrammeError, data_protection, log_activity
from programme.services.data_protection import pseudonymise_activity
from workshops.models import WorkshopKind

from . import permissions
from .models import (
    Application,
    DutyLog,
    EqualityMonitoring,
    OnboardingItem,
    OnboardingKind,
    OnboardingStep,
    Reference,
    SafeguardingCheck,
    Stage,
    StageChange,
    Task,
)


class AmbassadorError(ProgrammeError):
    """A rule of ambassador recruitment refused the change."""


# Where an application may go next; closed stages go nowhere.
NEXT: dict[str, set[str]] = {
    Stage.APPLIED: {Stage.SCREENING, Stage.DECLINED, Stage.WITHDRAWN},
    Stage.SCREENING: {Stage.CONVERSATION, Stage.DECLINED, Stage.WITHDRAWN, Stage.PAUSED},
    Stage.CONVERSATION: {Stage.REFERENCES, Stage.DECLINED, Stage.WITHDRAWN, Stage.PAUSED},
    Stage.REFERENCES: {Stage.APPROVED, Stage.DECLINED, Stage.WITHDRAWN, Stage.PAUSED},
    Stage.APPROVED: {Stage.ONBOARDING, Stage.WITHDRAWN},
    Stage.ONBOARDING: {Stage.ACTIVE, Stage.WITHDRAWN, Stage.PAUSED},
    Stage.ACTIVE: {Stage.PAUSED, Stage.LEFT},
    Stage.PAUSED: {
        Stage.SCREENING,
        Stage.CONVERSATION,
        Stage.REFERENCES,
        Stage.ONBOARDING,
        Stage.ACTIVE,
        Stage.WITHDRAWN,
        Stage.LEFT,
    },
}
REFERENCES_NEEDED = 2
AMBASSADOR_AGREEMENT_SLUG = "ambassador-agreement"


def _record(application: Application, *, to: str, by: User | None, note: str) -> None:
    StageChange.objects.create(
        application=application, from_stage=application.stage, to_stage=to, note=note, by=by
    )
    application.stage, application.stage_changed_at = to, timezone.now()
    application.save(update_fields=["stage", "stage_changed_at"])
    log_activity(
        actor=by,
        action=f"ambassadors.stage.{to}",
        summary=f"{application.full_name} moved to {Stage(to).label.lower()}",
        target=application,
        site=application.site,
    )


# Per client address: enough for a family sharing a connection, not for a script.
APPLICATIONS = limits.Limit("ambassador-applications", 5, dt.timedelta(hours=1), "applied")
# Reminders to one address that it already applied.
REMINDERS = limits.Limit("ambassador-reminders", 2, dt.timedelta(hours=1), "asked")


@transaction.atomic
def apply(
    *,
    site: PilotSite,
    full_name: str,
    email: str,
    neighbourhood: str,
    motivation: str,
    tasks: Iterable[Task],
    channels: str = "",
    availability: str = "",
    consent: bool,
    equality: dict[str, str] | None = None,
    person: User | None = None,
    client: str = "",
) -> Application | None:
    """Receive an application; the applicant gets a confirmation with a private status link.

    An address with an open application here gets its status link again instead,
    and nothing is returned: the person sees the same thanks either way, so the
    form cannot tell anyone who has applied.
    """
    if not consent:
        raise AmbassadorError("Agree to the privacy notice to apply.", "consent_required")
    tasks = list(tasks)
    if not tasks:
        raise AmbassadorError("Choose at least one task you are interested in.", "no_tasks")
    email = email.strip().lower()
    if client:
        limits.take(APPLICATIONS, client, error=AmbassadorError)
    earlier = Application.objects.open().filter(site=site, email__iexact=email).first()
    if earlier is not None:
        if limits.allow(REMINDERS, email):
            email_after_commit(
                to=email,
                subject="You have already applied to be a community ambassador",
                template="ambassadors/email/applied_again.txt",
                context={"application": earlier},
            )
        return None
    application = Application.objects.create(
        site=site,
        full_name=full_name.strip(),
        email=email,
        neighbourhood=neighbourhood.strip(),
        motivation=motivation.strip(),
        channels=channels.strip(),
        availability=availability.strip(),
        consented_at=timezone.now(),
        # Linked only to a confirmed account; anyone else takes up their place by the
        # invitation emailed on approval.
        person=person if person and person.is_authenticated and person.is_confirmed else None,
    )
    application.tasks.set(tasks)
    if equality and any(equality.values()):
        EqualityMonitoring.objects.create(application=application, **equality)
    StageChange.objects.create(
        application=application, to_stage=Stage.APPLIED, note="Application received"
    )
    email_after_commit(
        to=email,
        subject="Thank you for applying to be a community ambassador",
        template="ambassadors/email/applied.txt",
        context={"application": application},
    )
    log_activity(
        actor=None,
        action="ambassadors.applied",
        summary=f"{application.full_name} applied",
        target=application,
        site=site,
    )
    return application


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("site").get(pk=application.pk)


@transaction.atomic
def advance(
    *, actor: User, application: Application, to: Stage | str, reason: str = ""
) -> Application:
    """Move an application to the next stage, if the rules allow it."""
    to = Stage(to)
    application = _locked(application)
    if not permissions.can_recruit_at(actor, application.site):
        raise AmbassadorError("You can only manage applications at your own site.", "not_allowed")
    if to not in NEXT.get(application.stage, set()):
        raise AmbassadorError(
            f"An application cannot move from {Stage(application.stage).label.lower()} to {to.label.lower()}.",
            "not_allowed_move",
        )
    if to == Stage.APPROVED:
        return approve(actor=actor, application=application, note=reason)
    if to == Stage.ACTIVE and application.stage == Stage.ONBOARDING:
        return complete_onboarding(actor=actor, application=application)
    if to == Stage.DECLINED:
        if not reason.strip():
            raise AmbassadorError(
                "Give a reason for declining; the applicant is told kindly.", "reason_required"
            )
        email_after_commit(
            to=application.email,
            subject="Your ambassador application",
            template="ambassadors/email/declined.txt",
            context={"application": application, "reason": reason.strip()},
        )
    if to == Stage.LEFT:
        _end_role(actor, application)
        email_after_commit(
            to=application.email,
            subject="Thank you for being a community ambassador",
            template="ambassadors/email/left.txt",
            context={"application": application},
        )
    _record(application, to=to, by=actor, note=reason.strip())
    return application


def _end_role(actor: User | None, application: Application) -> None:
    if application.person_id is None:
        return
    for grant in RoleGrant.objects.active().filter(
        user_id=application.person_id, role=Role.AMBASSADOR, site=application.site
    ):
        programme_services.revoke_role(actor=actor, grant=grant)


@transaction.atomic
def request_references(
    *, actor: User, application: Application, referees: list[tuple[str, str]]
) -> list[Reference]:
    application = _locked(application)
    if not permissions.can_recruit_at(actor, application.site):
        raise AmbassadorError("You can only manage applications at your own site.", "not_allowed")
    created = []
    for name, email in referees:
        if not (name.strip() and email.strip()):
            continue
        reference = Reference.objects.create(
            application=application, referee_name=name.strip(), referee_email=email.strip()
        )
        email_after_commit(
            to=reference.referee_email,
            subject=f"A reference for {application.full_name}",
            template="ambassadors/email/reference_request.txt",
            context={"reference": reference, "application": application},
        )
        created.append(reference)
    StageChange.objects.create(
        application=application, note=f"{len(created)} reference(s) requested", by=actor
    )
    return created


@transaction.atomic
def submit_reference(*, reference: Reference, known_for: str, statement: str) -> Reference:
    reference = Reference.objects.select_for_update().get(pk=reference.pk)
    if reference.received_at is not None:
        raise AmbassadorError("This reference has already been given. Thank you.", "already_given")
    if not statement.strip():
        raise AmbassadorError("Write a few words about the applicant.", "statement_required")
    reference.known_for, reference.statement, reference.received_at = (
        known_for.strip(),
        statement.strip(),
        timezone.now(),
    )
    reference.save(update_fields=["known_for", "statement", "received_at"])
    StageChange.objects.create(
        application=reference.application, note=f"Reference received from {reference.referee_name}"
    )
    return reference


@transaction.atomic
def record_safeguarding(
    *, actor: User, application: Application, certificate_reference: str, seen_on: dt.date
) -> SafeguardingCheck:
    application = _locked(application)
    if not permissions.can_recruit_at(actor, application.site):
        raise AmbassadorError("You can only manage applications at your own site.", "not_allowed")
    check, _ = SafeguardingCheck.objects.update_or_create(
        application=application,
        defaults={
            "certificate_reference": certificate_reference.strip(),
            "seen_by": actor,
            "seen_on": seen_on,
        },
    )
    StageChange.objects.create(application=application, note="Safeguarding check seen", by=actor)
    return check


@transaction.atomic
def approve(*, actor: User, application: Application, note: str = "") -> Application:
    """Approve: needs the references (and a safeguarding check where a task needs one). Opens onboarding."""
    application = _locked(application)
    if application.stage != Stage.REFERENCES:
        raise AmbassadorError(
            "Applications are approved from the references stage.", "not_allowed_move"
        )
    if application.references.filter(received_at__isnull=False).count() < REFERENCES_NEEDED:
        raise AmbassadorError(
            f"{REFERENCES_NEEDED} references must arrive before approval.", "references_missing"
        )
    if application.tasks.filter(needs_safeguarding=True).exists() and not hasattr(
        application, "safeguarding"
    ):
        raise AmbassadorError(
            "A chosen task needs a safeguarding check; record it first.", "safeguarding_missing"
        )
    _record(application, to=Stage.APPROVED, by=actor, note=note)
    # Never link an account by address: whoever signed up first with it would inherit
    # the ambassador's checklist and rights. The applicant accepts by the emailed link.
    link = ""
    if application.person is None:
        token = invitation_token("ambassadors.application", application.pk, application.email)
        link = settings.PUBLIC_BASE_URL + reverse("ambassadors:accept", args=[token])
    OnboardingStep.objects.bulk_create(
        OnboardingStep(application=application, item=item) for item in OnboardingItem.objects.all()
    )
    _record(application, to=Stage.ONBOARDING, by=actor, note="Onboarding checklist opened")
    email_after_commit(
        to=application.email,
        subject="Welcome, community ambassador",
        template="ambassadors/email/approved.txt",
        context={"application": application, "link": link, "days": settings.INVITATION_DAYS},
    )
    return application


@transaction.atomic
def accept_place(*, user: User, token: str) -> Application:
    """The approved applicant, signed in with the confirmed address they applied with, takes up
    their place: the application (its onboarding, and later the role) becomes theirs."""
    try:
        pk, email = read_invitation("ambassadors.application", token)
        application = Application.objects.select_for_update().filter(pk=pk).first()
        if application is None or application.email.lower() != email:
            raise AmbassadorError("This invitation is no longer open.", "withdrawn")
        if application.person_id == user.pk:
            return application
        check_may_accept(user, email)
    except AmbassadorError:
        raise
    except ProgrammeError as error:
        raise AmbassadorError(error.message, error.code) from error
    if application.person_id is not None:
        raise AmbassadorError("This invitation has already been accepted.", "accepted")
    if application.stage not in (Stage.APPROVED, Stage.ONBOARDING):
        raise AmbassadorError("This invitation is no longer open.", "withdrawn")
    application.person = user
    application.save(update_fields=["person"])
    StageChange.objects.create(
        application=application, note="The applicant accepted their place", by=user
    )
    return application


@transaction.atomic
def tick_step(*, actor: User, step: OnboardingStep, done: bool = True) -> OnboardingStep:
    """Mark a step done (the ambassador, or their recruiter); training steps get their expiry date."""
    step = (
        OnboardingStep.objects.select_for_update()
        .select_related("application__site", "item")
        .get(pk=step.pk)
    )
    application = step.application
    own = application.person_id == actor.pk
    if not (own or permissions.can_recruit_at(actor, application.site)):
        raise AmbassadorError("This is not your onboarding.", "not_allowed")
    if step.item.kind == OnboardingKind.AGREEMENT and done:
        draft = PolicyDraft.objects.filter(slug=AMBASSADOR_AGREEMENT_SLUG).first()
        if draft is not None and not has_current_agreement(application.person, draft):
            raise AmbassadorError(
                "Agree to the current ambassador agreement on its page first.", "agreement_missing"
            )
    step.done_at = timezone.now() if done else None
    step.done_by = actor if done else None
    months = step.item.expires_after_months
    step.expires_on = (
        (timezone.localdate() + dt.timedelta(days=30 * months)) if done and months else None
    )
    step.save(update_fields=["done_at", "done_by", "expires_on"])
    StageChange.objects.create(
        application=application,
        note=f"{'Done' if done else 'Not done'}: {step.item.label}",
        by=actor,
    )
    return step


@transaction.atomic
def complete_onboarding(*, actor: User, application: Application) -> Application:
    """Every step done: grant the ambassador role at their site (so moderation rights follow)."""
    application = _locked(application)
    if application.stage != Stage.ONBOARDING:
        raise AmbassadorError("Only an ambassador in onboarding can complete it.", "not_onboarding")
    if not permissions.can_recruit_at(actor, application.site):
        raise AmbassadorError("You can only manage applications at your own site.", "not_allowed")
    if application.person is None:
        raise AmbassadorError(
            "The applicant has not accepted their place yet (the link in their welcome email).",
            "not_accepted",
        )
    missing = [s.item.label for s in application.onboarding.select_related("item") if not s.is_done]
    if missing:
        raise AmbassadorError("Still to do: " + "; ".join(missing) + ".", "onboarding_incomplete")
    if (
        not RoleGrant.objects.active()
        .filter(user=application.person, role=Role.AMBASSADOR, site=application.site)
        .exists()
    ):
        programme_services.grant_role(
            actor=actor, user=application.person, role=Role.AMBASSADOR, site=application.site
        )
    _record(
        application, to=Stage.ACTIVE, by=actor, note="Onboarding complete; ambassador role granted"
    )
    return application


@transaction.atomic
def withdraw(*, application: Application, reason: str = "") -> Application:
    """The applicant withdraws through their private link."""
    application = _locked(application)
    if application.is_closed:
        raise AmbassadorError("This application is already closed.", "closed")
    _end_role(None, application)
    _record(
        application,
        to=Stage.WITHDRAWN,
        by=None,
        note=reason.strip() or "Withdrawn by the applicant",
    )
    return application


# Data protection ---------------------------------------------------------------

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


def induction_attended(registration, actor: User | None) -> None:  # type: ignore[no-untyped-def]
    """Workshops tell us someone attended: tick their induction step if it was an ambassador induction."""
    workshop = registration.workshop
    if workshop.kind != WorkshopKind.AMBASSADOR_INDUCTION or registration.person_id is None:
        return
    steps = OnboardingStep.objects.filter(
        application__person_id=registration.person_id,
        application__site_id=workshop.site_id,
        application__stage=Stage.ONBOARDING,
        item__kind=OnboardingKind.INDUCTION,
        done_at__isnull=True,
    )
    for step in steps:
        step.done_at, step.done_by = timezone.now(), actor
        step.save(update_fields=["done_at", "done_by"])
        StageChange.objects.create(
            application_id=step.application_id,
            note=f"Attended the induction: {workshop.title}",
            by=actor,
        )


@transaction.atomic
def log_duty(
    *,
    actor: User,
    application: Application,
    kind: str,
    done_on: dt.date,
    description: str,
    people: int | None = None,
    hours: float | None = None,
) -> DutyLog:
    """An active ambassador logs what they did (an event, people helped), with hours if they wish."""
    if application.person_id != actor.pk:
        raise AmbassadorError("You can only log your own activity.", "not_allowed")
    if application.stage != Stage.ACTIVE:
        raise AmbassadorError("Activity is logged once you are an active ambassador.", "not_active")
    if done_on > timezone.localdate():
        raise AmbassadorError("The date cannot be in the future.", "future_date")
    if not description.strip():
        raise AmbassadorError("Say what you did.", "description_required")
    entry = DutyLog.objects.create(
        application=application,
        kind=kind,
        done_on=done_on,
        description=description.strip(),
        people=people,
        hours=hours,
    )
    log_activity(
        actor=actor,
        action="ambassadors.duty_logged",
        summary=f"{actor} logged: {entry.description}",
        target=entry,
        site=application.site,
    )
    return entry


def may_moderate_now(user: User, site: PilotSite | None) -> bool:
    """The gate on ambassadors' moderation rights, registered with programme's permissions.

    Rights pause while their moderation training has expired, or while a newer
    ambassador agreement has been adopted that they have not agreed to yet.
    Read once per request and kept on the user object, as pages ask per comment.
    """
    cached = getattr(user, "_may_moderate_now", None)
    if cached is None:
        expired = OnboardingStep.objects.filter(
            application__person=user,
            application__stage=Stage.ACTIVE,
            item__kind=OnboardingKind.MODERATION_TRAINING,
            expires_on__lt=timezone.localdate(),
        ).exists()
        agreement = PolicyDraft.objects.filter(
            slug=AMBASSADOR_AGREEMENT_SLUG, status="adopted"
        ).first()
        needs_agreement = agreement is not None and not has_current_agreement(user, agreement)
        cached = not (expired or needs_agreement)
        user._may_moderate_now = cached  # type: ignore[attr-defined]
    return cached
