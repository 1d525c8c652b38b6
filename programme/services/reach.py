"""Writes of reach counting (programme/reach.py): the day's counts, conversions, share codes."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from programme.platform.errors import NotAllowed

from .. import permissions
from ..frame import site_of_address
from ..models import CONVERSIONS, Event, PilotSite, ShareCode, Tally, User
from .activity import log_activity

if TYPE_CHECKING:
    from ..reach import Key


def _add(*, count: int, **key: object) -> None:
    if not Tally.objects.filter(**key).update(count=F("count") + count):
        Tally.objects.create(count=count, **key)


@transaction.atomic
def add_counts(counts: Counter[Key], *, site: PilotSite | None = None) -> int:
    """Add counted views and arrivals to the day's rows: one row per page (or per code,
    channel and referring site) and day, each made once and then added to. The site is
    the page's, or `site` for counts that name no page (the demo's conversions)."""
    named = {code for _, _, _, code, _, _ in counts}
    codes = {found.code: found for found in ShareCode.objects.active().filter(code__in=named)}
    sites: dict[str, PilotSite | None] = {}
    for (day, event, path, code, channel, referrer), count in counts.items():
        if path not in sites:
            sites[path] = site_of_address(path)
        _add(
            count=count,
            day=day,
            site=sites[path] or site,
            event=event,
            path=path,
            code=codes.get(code),
            channel=channel,
            referrer=referrer,
        )
    return len(counts)


@transaction.atomic
def record_conversion(request: HttpRequest, *, site: PilotSite | None, event: Event) -> None:
    """Someone took part; counted for the share code and channel their form carried on."""
    from ..reach import CHANNEL, VIA, carried, is_robot

    if event not in CONVERSIONS:
        raise ValueError(f"{event} is not a way of taking part")
    if is_robot(request):
        return
    brought = carried(request)
    code = ShareCode.objects.active().filter(code=brought.get(VIA, "")).first()
    _add(
        count=1,
        day=timezone.localdate(),
        site=site,
        event=event,
        path="",
        code=code,
        channel=brought.get(CHANNEL, "") if code else "",
        referrer="",
    )


def share_code_for(person: User, site: PilotSite) -> ShareCode:
    """The person's active code at the site, made the first time they share."""
    found = ShareCode.objects.active().filter(site=site, person=person).first()
    return found or _issue(person=person, site=site)


@transaction.atomic
def _issue(*, person: User, site: PilotSite) -> ShareCode:
    # Locked, so two tabs opening the share kit at once make one code.
    User.objects.select_for_update().filter(pk=person.pk).first()
    found = ShareCode.objects.active().filter(site=site, person=person).first()
    if found is not None:
        return found
    return ShareCode.objects.create(site=site, person=person)


@transaction.atomic
def site_share_code(site: PilotSite) -> ShareCode:
    """The site team's own code (for posters in the library, the council's own accounts)."""
    PilotSite.objects.select_for_update().filter(pk=site.pk).first()
    found = ShareCode.objects.active().filter(site=site, is_site_code=True).first()
    return found or ShareCode.objects.create(site=site, is_site_code=True)


@transaction.atomic
def revoke_share_code(*, actor: User, code: ShareCode) -> ShareCode:
    """Stop a code counting (a link passed on too far, or an ambassador who has left); the
    person's next share gets a new one. What it counted stays."""
    if not permissions.can_revoke_share_code(actor, code):
        raise NotAllowed("Only its owner, the site's lead or a coordinator may revoke a code.")
    code = ShareCode.objects.select_for_update().get(pk=code.pk)
    if code.revoked_at is None:
        code.revoked_at = timezone.now()
        code.save(update_fields=["revoked_at"])
        log_activity(
            actor=actor,
            action="programme.share_code.revoked",
            summary=f"revoked share code {code.code}",
            target=code,
            site=code.site,
        )
    return code
