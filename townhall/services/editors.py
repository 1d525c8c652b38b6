"""The site's editors: invited by its lead, accepting, and taking the right away."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from programme.invitations import check_may_accept, invitation_token, read_invitation
from programme.models import User
from programme.notifications import email_after_commit
from programme.services import NotAllowed, ProgrammeError, log_activity

from .. import permissions
from ..models import (
    SiteEditor,
    TownhallSite,
)
from .errors import TownhallError


@transaction.atomic
def invite_editor(*, actor: User, site: TownhallSite, email: str) -> SiteEditor:
    """The site lead invites someone, by address, to edit the site's pages.

    Nothing is granted yet: the invitation takes effect when the person signed
    in with that confirmed address accepts it (see `accept_editor_invitation`).
    """
    if not permissions.can_manage_editors(actor, site):
        raise NotAllowed("Only the site lead chooses who edits the site.")
    email = User.objects.normalize_email(email)
    current = SiteEditor.objects.open().filter(site=site)
    existing = User.objects.filter(email__iexact=email).first()
    if (existing is not None and permissions.can_edit(existing, site)) or current.filter(
        Q(user__email__iexact=email) | Q(email__iexact=email)
    ).exists():
        raise TownhallError(f"{email} can already edit, or is invited to.", "already_editor")
    try:
        with transaction.atomic():
            editor = SiteEditor.objects.create(site=site, email=email, granted_by=actor)
    except IntegrityError as error:  # two leads inviting the same address at once
        raise TownhallError(
            f"{email} can already edit, or is invited to.", "already_editor"
        ) from error
    log_activity(
        actor=actor,
        action="townhall.editor.invited",
        summary=f"{email} invited to edit {site}",
        target=editor,
        site=site.pilot_site,
    )
    link = reverse(
        "townhall:accept_editor",
        args=[site.pilot_site.slug, invitation_token("townhall.editor", editor.pk, email)],
    )
    email_after_commit(
        to=email,
        subject=f"You are invited to edit {site.name}",
        template="townhall/email/editor_invitation.txt",
        context={
            "site": site,
            "actor": actor,
            "link": settings.PUBLIC_BASE_URL + link,
            "days": settings.INVITATION_DAYS,
        },
    )
    return editor


@transaction.atomic
def accept_editor_invitation(*, user: User, site: TownhallSite, token: str) -> SiteEditor:
    """The invited person, signed in with the confirmed address invited, takes up the invitation."""
    try:
        pk, email = read_invitation("townhall.editor", token)
    except ProgrammeError as error:
        raise TownhallError(error.message, error.code) from error
    editor = SiteEditor.objects.select_for_update(of=("self",)).filter(pk=pk, site=site).first()
    if editor is None or editor.revoked_at is not None or editor.email.lower() != email:
        raise TownhallError("This invitation has been withdrawn.", "withdrawn")
    if editor.user_id == user.pk:
        return editor
    if editor.user_id is not None:
        raise TownhallError("This invitation has already been accepted.", "accepted")
    try:
        check_may_accept(user, email)
    except ProgrammeError as error:
        raise TownhallError(error.message, error.code) from error
    if permissions.can_edit(user, site):
        raise TownhallError("You can already edit this site.", "already_editor")
    editor.user, editor.accepted_at = user, timezone.now()
    editor.save(update_fields=["user", "accepted_at"])
    permissions.forget_editing(user)  # asked a moment ago, before they could
    log_activity(
        actor=user,
        action="townhall.editor.accepted",
        summary=f"{user.public_name} may now edit {site}",
        target=editor,
        site=site.pilot_site,
    )
    return editor


@transaction.atomic
def withdraw_editor(*, actor: User, editor: SiteEditor) -> SiteEditor:
    editor = (
        SiteEditor.objects.select_for_update(of=("self",))
        .select_related("site__pilot_site", "user")
        .get(pk=editor.pk)
    )
    if not permissions.can_manage_editors(actor, editor.site):
        raise NotAllowed("Only the site lead chooses who edits the site.")
    if editor.revoked_at is None:
        editor.revoked_at, editor.revoked_by = timezone.now(), actor
        editor.save(update_fields=["revoked_at", "revoked_by"])
        log_activity(
            actor=actor,
            action="townhall.editor.withdrawn",
            summary=f"{editor.user or editor.email} no longer edits {editor.site}",
            target=editor,
            site=editor.site.pilot_site,
        )
    return editor
