"""A site's build stage, and the go-live gate: both sign-offs, on a checklist that is met."""

from __future__ import annotations

from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.utils import timezone

from programme.platform.errors import NotAllowed, ProgrammeError

from .. import hooks, permissions, readiness
from ..models import BuildStage, BuildStageChange, GoLiveSignOff, PilotSite, SignOffRole, User
from .activity import log_activity


def _move_to(
    *, actor: User | None, site: PilotSite, stage: BuildStage, note: str
) -> BuildStageChange:
    now = timezone.now()
    site.build_stage = stage
    site.build_stage_changed_at = now
    site.save(update_fields=["build_stage", "build_stage_changed_at"])
    change = BuildStageChange.objects.create(
        site=site, stage=stage, changed_at=now, changed_by=actor, note=note
    )
    hooks.public_content_changed(site)  # going live, or offline, changes every public page
    log_activity(
        actor=actor,
        action="programme.site.stage_changed",
        summary=f"{site} moved to “{stage.label}”",
        target=site,
        site=site,
        data={"stage": str(stage)},
    )
    return change


@transaction.atomic
def set_build_stage(
    *, actor: User, site: PilotSite, stage: BuildStage | str, note: str = ""
) -> PilotSite:
    """Move a site's technical build on (or back). Going live needs the sign-offs instead."""
    stage = BuildStage(stage)
    site = PilotSite.objects.select_for_update().get(pk=site.pk)
    if not permissions.can_change_build_stage(actor, site):
        raise NotAllowed("Only the site lead or a coordinator changes the build stage.")
    if stage == BuildStage.LIVE:
        raise ProgrammeError(
            "A site goes live when its site lead and a coordinator sign off the checklist.",
            "needs_sign_off",
        )
    if stage == site.build_stage:
        raise ProgrammeError(f"{site} is already at “{stage.label}”.", "unchanged")
    if site.build_stage == BuildStage.LIVE:
        raise ProgrammeError(
            f"{site} is live: use “Take the site offline”, which asks why and says what will happen.",
            "live",
        )
    _move_to(actor=actor, site=site, stage=stage, note=note)
    return site


@transaction.atomic
def take_offline(
    *, actor: User, site: PilotSite, stage: BuildStage | str, reason: str
) -> PilotSite:
    """Take a live site back to an earlier stage: the public then see "coming soon", and the
    go-live sign-offs no longer stand (going live again needs both signatures again)."""
    stage = BuildStage(stage)
    site = PilotSite.objects.select_for_update().get(pk=site.pk)
    if not permissions.can_change_build_stage(actor, site):
        raise NotAllowed("Only the site lead or a coordinator takes the site offline.")
    if site.build_stage != BuildStage.LIVE:
        raise ProgrammeError(f"{site} is not live.", "not_live")
    if stage == BuildStage.LIVE:
        raise ProgrammeError("Choose the stage the site goes back to.", "bad_stage")
    if not reason.strip():
        raise ProgrammeError("Say why the site is going offline: the team will read it.", "reason")
    GoLiveSignOff.objects.filter(site=site, superseded_at__isnull=True).update(
        superseded_at=timezone.now()
    )
    _move_to(actor=actor, site=site, stage=stage, note=reason.strip())
    return site


@transaction.atomic
def sign_off_go_live(
    *, actor: User, site: PilotSite, role: SignOffRole | str, note: str = ""
) -> GoLiveSignOff:
    """Sign the go-live checklist as site lead or coordinator. The second signature takes the site live."""
    role = SignOffRole(role)
    site = PilotSite.objects.select_for_update().get(pk=site.pk)
    if not permissions.can_sign_off(actor, site, role):
        raise NotAllowed(f"Only the {role.label.lower()} can sign off as {role.label.lower()}.")
    if site.build_stage == BuildStage.LIVE:
        raise ProgrammeError(f"{site} is already live.", "already_live")
    results = readiness.evaluate_checklist(site)
    unmet = [r.label for r in results if not r.met]
    if unmet:
        raise ProgrammeError(
            "The checklist is not met yet: " + "; ".join(unmet) + ".", "checklist_unmet"
        )
    try:
        with transaction.atomic():
            sign_off = GoLiveSignOff.objects.create(
                site=site,
                role=role,
                signed_by=actor,
                checklist=[asdict(r) for r in results],
                note=note,
            )
    except IntegrityError as error:
        raise ProgrammeError(
            f"{site} already has a {role.label.lower()} sign-off.", "already_signed"
        ) from error
    log_activity(
        actor=actor,
        action="programme.site.signed_off",
        summary=f"{actor} signed off {site} as {role.label.lower()}",
        target=sign_off,
        site=site,
    )
    if GoLiveSignOff.objects.filter(site=site, superseded_at__isnull=True).count() == len(
        SignOffRole
    ):
        _move_to(
            actor=actor,
            site=site,
            stage=BuildStage.LIVE,
            note="Signed off by the site lead and a coordinator.",
        )
    return sign_off


@transaction.atomic
def withdraw_sign_off(*, actor: User, sign_off: GoLiveSignOff) -> GoLiveSignOff:
    """Take back a sign-off before the site goes live. It stays on record as superseded."""
    sign_off = GoLiveSignOff.objects.select_for_update().select_related("site").get(pk=sign_off.pk)
    if sign_off.signed_by_id != actor.pk and not permissions.is_coordinator(actor):
        raise NotAllowed("Only the person who signed, or a coordinator, can withdraw a sign-off.")
    if sign_off.superseded_at is not None:
        raise ProgrammeError("That sign-off no longer stands.", "already_superseded")
    if sign_off.site.build_stage == BuildStage.LIVE:
        raise ProgrammeError("The site is live; move it back a stage instead.", "already_live")
    sign_off.superseded_at = timezone.now()
    sign_off.save(update_fields=["superseded_at"])
    log_activity(
        actor=actor,
        action="programme.site.sign_off_withdrawn",
        summary=f"Sign-off for {sign_off.site} withdrawn",
        target=sign_off,
        site=sign_off.site,
    )
    return sign_off
