"""Agreeing to an adopted policy, and asking whether someone's agreement is current.

Other apps ask `has_current_agreement` (e.g. the town hall lets an agreed
content provider's feed through unmoderated); an agreement to a version that
is no longer the adopted one does not count until the person agrees again.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from programme.models import User
from programme.permissions import AnyUser
from programme.services import log_activity

from ..models import Agreement, DraftStatus, PolicyDraft
from .errors import DraftError


@transaction.atomic
def agree(*, person: User, draft: PolicyDraft) -> Agreement:
    """Record that `person` agrees to the draft's adopted version (who, which version, when)."""
    if not person.is_authenticated:
        raise DraftError("Sign in to agree.", "sign_in")
    draft = PolicyDraft.objects.select_related("adopted_version").get(pk=draft.pk)
    if draft.status != DraftStatus.ADOPTED or draft.adopted_version is None:
        raise DraftError("Only an adopted policy can be agreed to.", "not_adopted")
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(version=draft.adopted_version, person=person)
    except IntegrityError as error:
        raise DraftError("You have already agreed to this version.", "already_agreed") from error
    log_activity(
        actor=person,
        action="policy.agreed",
        summary=f"{person} agreed to {draft.adopted_version}",
        target=agreement,
        site=draft.site,
    )
    return agreement


def has_current_agreement(person: AnyUser | None, draft: PolicyDraft) -> bool:
    """True only if the person agreed to the version adopted now (never for nobody)."""
    if (
        person is None
        or not person.is_authenticated
        or draft.status != DraftStatus.ADOPTED
        or draft.adopted_version_id is None
    ):
        return False
    return Agreement.objects.filter(person=person, version_id=draft.adopted_version_id).exists()


def needs_to_agree_again(person: User, draft: PolicyDraft) -> bool:
    """They agreed to an earlier version, not to the one adopted now: what it allowed is paused."""
    if has_current_agreement(person, draft):
        return False
    return Agreement.objects.filter(person=person, version__draft=draft).exists()
