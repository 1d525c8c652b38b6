"""What policy drafts tell the readiness dashboard and go-live checklist: the social web
policy's status (added through `policy_drafts.hooks`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from programme.models import PilotSite
from programme.readiness import IndicatorValue

from .models import DraftStatus, PolicyDraft

# Going live needs a policy at least open for comment; the dashboard calls it ready only
# once adopted (open for comment is work in progress).
READY = {DraftStatus.OPEN, DraftStatus.ADOPTED}


def _policies_for(sites: Sequence[PilotSite]) -> dict[int | None, list[PolicyDraft]]:
    found: dict[int | None, list[PolicyDraft]] = {}
    for draft in PolicyDraft.objects.filter(Q(site__isnull=True) | Q(site__in=sites)).exclude(
        status=DraftStatus.ARCHIVED
    ):
        found.setdefault(draft.site_id, []).append(draft)
    return found


def policy_indicator(sites: Sequence[PilotSite]) -> dict[int, IndicatorValue]:
    """The best status among the programme-wide policies and the site's own."""
    found = _policies_for(sites)
    values = {}
    for site in sites:
        drafts = found.get(None, []) + found.get(site.pk, [])
        if not drafts:
            values[site.pk] = IndicatorValue("No policy draft yet", "gap")
            continue
        best = max(
            drafts,
            key=lambda d: (
                list(DraftStatus.values).index(d.status) if d.status != DraftStatus.ARCHIVED else -1
            ),
        )
        status = "good" if best.status == DraftStatus.ADOPTED else "partial"
        values[site.pk] = IndicatorValue(best.get_status_display(), status, best.title)
    return values


def policy_open_or_adopted(site: PilotSite) -> bool:
    return PolicyDraft.objects.filter(
        Q(site__isnull=True) | Q(site=site), status__in=READY
    ).exists()
