"""Applying and moving through the pipeline: screening, a conversation, references,
safeguarding, approval, accepting the place, withdrawing.

A stage changes only here, with who moved it, when and why in the timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from programme import services as programme_services
from programme.invitations import check_may_accept, invitation_token, read_invitation
from programme.models import PilotSite, Role, RoleGrant, User
from programme.notifications import email_after_commit
from programme.platform import limits
from programme.platform.outcomes import ToldByEmail
from programme.platform.text import name_for_email
from programme.services import NotAllowed, ProgrammeError, log_activity

from .. import permissions
from ..models import (
    Application,
    EqualityMonitoring,
    OnboardingItem,
    OnboardingStep,
    Reference,
    SafeguardingCheck,
    Stage,
    StageChange,
    Task,
)
from .errors import AmbassadorError

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


def _applicant_identity(person: User, *, full_name: str, email: str) -> tuple[str, str]:
    """The name and address an application made signed in is in: the account's own."""
    if not (person.is_authenticated and person.is_confirmed):
        raise AmbassadorError(
            "Confirm your email address first: an application made signed in is in your "
            "account's name and confirmed address.",
            "unconfirmed",
        )
    if (email and email.strip().lower() != person.email.lower()) or (
        full_name and full_name.strip().casefold() != person.full_name.strip().casefold()
    ):
        raise AmbassadorError(
            "Signed in, you apply as yourself: your name and email address come from your "
            "account. To apply for someone else, they apply themselves.",
            "not_your_identity",
        )
    return person.full_name, person.email


# Per client address: enough for a family sharing a connection, not for a script.
APPLICATIONS = limits.Limit("ambassador-applications", 5, dt.timedelta(hours=1), "applied")
# Reminders to one address that it already applied.
REMINDERS = limits.Limit("ambassador-reminders", 2, dt.timedelta(hours=1), "asked")


@transaction.atomic
def apply(
    *,
    site: PilotSite,
    full_name: str = "",
    email: str = "",
    neighbourhood: str,
    motivation: str,
    tasks: Iterable[Task],
    channels: str = "",
    availability: str = "",
    consent: bool,
    equality: dict[str, str] | None = None,
    person: User | None = None,
    client: str = "",
) -> Application | ToldByEmail:
    """Receive an application; the applicant gets a confirmation with a private status link.

    Made by a signed-in `person`, it is in their own name and confirmed address, taken
    from the account and linked to it: an account not confirmed is refused, and a name
    or address typed that is not the account's is refused (no applying as someone
    else). Without one, the applicant gives both, and takes up a place by the invitation
    emailed on approval. An address with an open application here gets its status link
    again instead (`ToldByEmail`): the person sees the same thanks either way,
    so the form cannot tell anyone who has applied.
    """
    if person is not None:
        full_name, email = _applicant_identity(person, full_name=full_name, email=email)
    elif not (full_name.strip() and email.strip()):
        raise AmbassadorError(
            "Give your name and email address.", "applicant_details", field="full_name"
        )
    if not consent:
        raise AmbassadorError(
            "Agree to the privacy notice to apply.", "consent_required", field="consent"
        )
    tasks = list(tasks)
    if not tasks:
        raise AmbassadorError("Choose at least one task you are interested in.", "no_tasks")
    email = email.strip().lower()
    if client:
        limits.count_or_refuse(APPLICATIONS, client, error=AmbassadorError)
    earlier = Application.objects.open().filter(site=site, email__iexact=email).first()
    if earlier is not None:
        if not limits.allow(REMINDERS, email):
            return ToldByEmail("applied_already", sent=False)
        email_after_commit(
            to=email,
            subject="You have already applied to be a community ambassador",
            template="ambassadors/email/applied_again.txt",
            context={"application": earlier},
        )
        return ToldByEmail("applied_already")
    application = Application.objects.create(
        site=site,
        full_name=full_name.strip(),
        email=email,
        neighbourhood=neighbourhood.strip(),
        motivation=motivation.strip(),
        channels=channels.strip(),
        availability=availability.strip(),
        consented_at=timezone.now(),
        person=person,
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
        raise NotAllowed("You can only manage applications at your own site.")
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
                "Give a reason for declining; the applicant is told kindly.",
                "reason_required",
                field="reason",
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
        raise NotAllowed("You can only manage applications at your own site.")
    created = []
    for name, email in referees:
        if not (name.strip() and email.strip()):
            continue
        reference = Reference.objects.create(
            application=application, referee_name=name.strip(), referee_email=email.strip()
        )
        email_after_commit(
            to=reference.referee_email,
            subject=f"A reference for {name_for_email(application.full_name)}",
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
        raise NotAllowed("You can only manage applications at your own site.")
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
def complete_onboarding(*, actor: User, application: Application) -> Application:
    """Every step done: grant the ambassador role at their site (so moderation rights follow)."""
    application = _locked(application)
    if application.stage != Stage.ONBOARDING:
        raise AmbassadorError("Only an ambassador in onboarding can complete it.", "not_onboarding")
    if not permissions.can_recruit_at(actor, application.site):
        raise NotAllowed("You can only manage applications at your own site.")
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
