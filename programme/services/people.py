"""Accounts, personas, roles, and the back office's reference records (sites, initiatives)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from programme.platform.errors import NotAllowed, ProgrammeError
from programme.platform.text import plural

from .. import hooks, permissions
from ..models import PROGRAMME_ROLES, PilotSite, Role, RoleGrant, User
from .activity import log_activity

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def check_password_strength(password: str, user: User) -> None:
    """Django's password validators, refused as the form's error beside the password."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ProgrammeError(" ".join(error.messages), "weak_password", field="password") from error


def create_account(
    *,
    email: str,
    full_name: str,
    password: str = "",
    password_hash: str = "",
    confirmed: bool = False,
) -> User:
    """Create a person's account. The address is compared without regard to case.

    The account counts (holds roles, is linked to what was granted to its
    address) only once the address is confirmed; `confirmed` is for the demo.
    `password_hash`: a password already checked and hashed (by sign_up, before its
    transaction), instead of `password`.
    """
    email = User.objects.normalize_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ProgrammeError("An account with this email address already exists.", "email_taken")
    user = User(
        email=email,
        full_name=full_name.strip(),
        email_confirmed_at=timezone.now() if confirmed else None,
    )
    if password_hash:
        user.password = password_hash
    else:
        check_password_strength(password, user)
        user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # two sign-ups racing for one address
        raise ProgrammeError(
            "An account with this email address already exists.", "email_taken"
        ) from error
    log_activity(
        actor=user,
        action="programme.account.created",
        summary=f"{user.email} signed up",
        target=user,
    )
    return user


@transaction.atomic
def set_password(*, user: User, password: str, how: str) -> User:
    """Set a new password (already validated by the form) after a change or a reset."""
    user.set_password(password)
    user.save(update_fields=["password"])
    log_activity(
        actor=user,
        action=f"programme.password.{how}",
        summary=f"{user.email} {how} their password",
        target=user,
    )
    return user


@transaction.atomic
def update_profile(
    *,
    actor: User,
    user: User,
    full_name: str,
    display_name: str,
    bio: str,
    shown_grant_ids: set[int],
) -> User:
    """Save a person's name and civic persona, including which roles they show."""
    if actor.pk != user.pk:
        raise ProgrammeError("You can only edit your own profile.", "not_yours")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.full_name = full_name.strip()
    user.display_name = display_name.strip()
    user.bio = bio.strip()
    user.save(update_fields=["full_name", "display_name", "bio"])
    grants = RoleGrant.objects.active().filter(user=user)
    unknown = shown_grant_ids - set(grants.values_list("pk", flat=True))
    if unknown:
        raise ProgrammeError("You can only show roles you hold.", "not_your_role")
    grants.filter(pk__in=shown_grant_ids).update(shown_on_persona=True)
    grants.exclude(pk__in=shown_grant_ids).update(shown_on_persona=False)
    # Public pages name people with the roles they show (bylines, councillors).
    for site in {grant.site for grant in grants.select_related("site")}:
        hooks.public_content_changed(site)
    log_activity(
        actor=actor,
        action="programme.persona.updated",
        summary=f"{user.email} updated their profile",
        target=user,
    )
    return user


def check_role_site(role: Role, site: PilotSite | None) -> None:
    """Programme roles are held without a site; site roles need one."""
    role = Role(role)
    if role in PROGRAMME_ROLES and site is not None:
        raise ProgrammeError(
            f"{role.label} is a programme-wide role; it has no site.", "role_has_no_site"
        )
    if role not in PROGRAMME_ROLES and site is None:
        raise ProgrammeError(f"{role.label} is held at a site; choose one.", "role_needs_site")


@transaction.atomic
def grant_role(
    *, actor: User | None, user: User, role: Role | str, site: PilotSite | None = None
) -> RoleGrant:
    """Give `user` a role, programme-wide or at `site`. Holding it already is an error."""
    role = Role(role)
    check_role_site(role, site)
    if actor is not None and not permissions.may_grant(actor, user, role):
        raise NotAllowed("You cannot give this person that role.")
    # Lock the person so two grants of the same role cannot race past the check.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if RoleGrant.objects.active().filter(user=user, role=role, site=site).exists():
        where = f" at {site.name}" if site else ""
        raise ProgrammeError(f"{user} is already {role.label.lower()}{where}.", "already_held")
    grant = RoleGrant.objects.create(user=user, role=role, site=site, granted_by=actor)
    hooks.public_content_changed(site)
    log_activity(
        actor=actor,
        action="programme.role.granted",
        summary=f"{user.email} became {grant.label}",
        target=grant,
        site=site,
        data={"role": str(role), "user": user.pk},
    )
    return grant


@transaction.atomic
def revoke_role(*, actor: User | None, grant: RoleGrant) -> RoleGrant:
    """End a role. The grant stays in the history with who ended it and when."""
    grant = (
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("user", "site")
        .get(pk=grant.pk)
    )
    if grant.revoked_at is not None:
        raise ProgrammeError("That role has already been revoked.", "already_revoked")
    if actor is not None and not permissions.may_grant(actor, grant.user, Role(grant.role)):
        raise NotAllowed("You cannot take that role from this person.")
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    hooks.public_content_changed(grant.site)
    log_activity(
        actor=actor,
        action="programme.role.revoked",
        summary=f"{grant.user.email} is no longer {grant.label}",
        target=grant,
        site=grant.site,
        data={"role": grant.role, "user": grant.user_id},
    )
    return grant


@transaction.atomic
def save_record(*, actor: User | None, record: M, action: str) -> M:
    """Save a plain reference record (a site, an initiative) from the back office, logged."""
    created = record.pk is None
    record.full_clean()
    record.save()
    site = record if isinstance(record, PilotSite) else getattr(record, "site", None)
    if created and isinstance(record, PilotSite):
        for added in hooks.pilot_site_added.implementations():
            added(record)
    log_activity(
        actor=actor,
        action=f"{action}.{'created' if created else 'changed'}",
        summary=f"{str(record._meta.verbose_name).capitalize()} “{record}” {'created' if created else 'changed'}",
        target=record,
        site=site,
    )
    return record


def deletion_refusal(record: models.Model) -> str | None:
    """Why `record` may not be deleted, or None: anything else the deletion would take with it
    (rows pointing at it, someone's choice of it in a many-to-many) refuses it."""
    collector = Collector(using=router.db_for_write(type(record)))
    try:
        collector.collect([record])
    except models.ProtectedError:
        return f"“{record}” is still in use and cannot be deleted."
    others = sum(
        len(rows) for model, rows in collector.data.items() if model is not type(record)
    ) + sum(qs.count() for qs in collector.fast_deletes)
    if not others:
        return None
    return (
        f"“{record}” is in use ({plural(others, 'record')} {'refers' if others == 1 else 'refer'} to it) and "
        "cannot be deleted; retire it instead, so nothing anyone chose is lost."
    )


@transaction.atomic
def delete_record(*, actor: User | None, record: models.Model, action: str) -> None:
    """Delete a reference record from the back office; refused while other rows depend on it.

    A deletion that would take anything else with it (rows that point at the record,
    or someone's choice of it in a many-to-many) is refused, not just a PROTECTed one:
    an ambassador task deleted from the menu must not silently vanish from the
    applications that chose it. Such records are retired instead.
    """
    summary = f"{str(record._meta.verbose_name).capitalize()} “{record}” deleted"
    site = getattr(record, "site", None)
    refusal = deletion_refusal(record)
    if refusal:
        raise ProgrammeError(refusal, "in_use")
    try:
        with transaction.atomic():
            record.delete()
    except models.ProtectedError as error:
        raise ProgrammeError(
            f"“{record}” is still in use and cannot be deleted.", "in_use"
        ) from error
    log_activity(actor=actor, action=f"{action}.deleted", summary=summary, site=site)
