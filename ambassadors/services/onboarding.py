"""Onboarding and active ambassadors: steps ticked (by hand or by attending an induction),
onboarding completed, duties logged, and whether an ambassador may moderate now."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from policy_drafts.models import PolicyDraft
from policy_drafts.services import has_current_agreement
from programme.models import PilotSite, User
from programme.services import NotAllowed, log_activity
from workshops.models import Registration, WorkshopKind

from .. import permissions
from ..models import (
    Application,
    DutyLog,
    OnboardingItem,
    OnboardingKind,
    OnboardingStep,
    Stage,
    StageChange,
)
from .errors import AmbassadorError
from .pipeline import AMBASSADOR_AGREEMENT_SLUG


@transaction.atomic
def save_onboarding_item(*, actor: User, item: OnboardingItem) -> OnboardingItem:
    """A coordinator saves an item of the onboarding checklist: its wording, the text shown
    beside the tick box and its link. The link must be http(s) or an address on this site
    (see `validate_link`); every ambassador's checklist shows the change at once."""
    if not permissions.can_edit_onboarding(actor):
        raise NotAllowed("Only coordinators change the onboarding checklist.")
    try:
        item.full_clean()
    except ValidationError as error:
        field, problems = next(iter(error.message_dict.items()))
        raise AmbassadorError(
            problems[0],
            "invalid_onboarding_item",
            field=None if field == NON_FIELD_ERRORS else field,
        ) from error
    created = item.pk is None
    item.save()
    log_activity(
        actor=actor,
        action=f"ambassadors.onboarding_item.{'created' if created else 'changed'}",
        summary=f"Onboarding item “{item.label}” {'added' if created else 'changed'}",
        target=item,
    )
    return item


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
        raise NotAllowed("This is not your onboarding.")
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


def induction_attended(registration: Registration, actor: User | None) -> None:
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
        raise NotAllowed("You can only log your own activity.")
    if application.stage != Stage.ACTIVE:
        raise AmbassadorError("Activity is logged once you are an active ambassador.", "not_active")
    if done_on > timezone.localdate():
        raise AmbassadorError("The date cannot be in the future.", "future_date", field="done_on")
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
        # Kept on this request's user object: a page asks once per item it shows.
        user._may_moderate_now = cached  # type: ignore[attr-defined]  # a cache, not a field
    return cached
