"""The social web audit: entries per site, edited by site leads and coordinators."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from programme.platform.errors import NotAllowed, ProgrammeError

from .. import permissions
from ..audit_import import ParsedAudit, parse_audit_csv
from ..models import AUDIT_FIELDS, AUDIT_FORM_ONLY_FIELDS, AuditEntry, PilotSite, Role, User
from .activity import log_activity


def _check_name_free(entry: AuditEntry) -> None:
    clash = AuditEntry.objects.filter(
        site=entry.site, category=entry.category, name__iexact=entry.name
    )
    if clash.exclude(pk=entry.pk).exists():
        raise ProgrammeError(
            f"{entry.site} already has “{entry.name}” in this category.",
            "duplicate_name",
            field="name",
        )


SETTABLE_FIELDS = [*AUDIT_FIELDS, *AUDIT_FORM_ONLY_FIELDS]


def _check_provider(entry: AuditEntry) -> None:
    provider = entry.feed_provider
    if provider is not None and not permissions.has_role(
        provider, Role.CONTENT_PROVIDER, entry.site
    ):
        raise ProgrammeError(
            f"{provider.public_name} is not a content provider at {entry.site}.", "not_a_provider"
        )


@transaction.atomic
def add_audit_entry(*, actor: User, site: PilotSite, **fields: object) -> AuditEntry:
    if not permissions.can_edit_audit(actor, site):
        raise NotAllowed("You can only edit your own site's audit.")
    entry = AuditEntry(
        site=site, created_by=actor, **{k: v for k, v in fields.items() if k in SETTABLE_FIELDS}
    )
    _check_name_free(entry)
    _check_provider(entry)
    entry.full_clean()
    entry.save()
    log_activity(
        actor=actor,
        action="programme.audit.added",
        summary=f"Audit entry “{entry.name}” added",
        target=entry,
        site=site,
    )
    return entry


@transaction.atomic
def edit_audit_entry(
    *, actor: User, entry: AuditEntry, site: PilotSite, **fields: object
) -> AuditEntry:
    entry = AuditEntry.objects.select_for_update().get(pk=entry.pk)
    # Both the site it was on and the site it moves to must be the actor's to edit.
    if not (
        permissions.can_edit_audit(actor, entry.site) and permissions.can_edit_audit(actor, site)
    ):
        raise NotAllowed("You can only edit your own site's audit.")
    entry.site = site
    for name in SETTABLE_FIELDS:
        if name in fields:
            setattr(entry, name, fields[name])
    _check_name_free(entry)
    _check_provider(entry)
    entry.updated_at = timezone.now()
    entry.full_clean()
    entry.save()
    log_activity(
        actor=actor,
        action="programme.audit.edited",
        summary=f"Audit entry “{entry.name}” edited",
        target=entry,
        site=site,
    )
    return entry


@transaction.atomic
def import_audit_entries(*, actor: User, site: PilotSite, csv_text: str) -> list[AuditEntry]:
    """Create every entry in the CSV, or none: one bad row and nothing is saved."""
    if not permissions.can_edit_audit(actor, site):
        raise NotAllowed("You can only import into your own site's audit.")
    parsed: ParsedAudit = parse_audit_csv(csv_text, site)
    if not parsed.is_valid:
        first = parsed.errors[0] if parsed.errors else None
        where = f" (row {first.row}: {first.message})" if first else ""
        raise ProgrammeError(
            f"The file has errors, so nothing was imported{where}.", "invalid_rows"
        )
    for entry in parsed.entries:
        entry.created_by = actor
    created = AuditEntry.objects.bulk_create(parsed.entries)
    log_activity(
        actor=actor,
        action="programme.audit.imported",
        summary=f"{len(created)} audit entries imported for {site}",
        site=site,
        data={"count": len(created)},
    )
    return created
