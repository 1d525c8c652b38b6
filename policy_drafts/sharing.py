"""What policy drafts has to share at a site (the `shareable` hook): the consultations open
for comment there now, the site's own and programme-wide ones, each with when comments
close."""

from __future__ import annotations

from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse

from programme.models import PilotSite
from programme.sharing import Shareable, one_line

from .closing import closing_time
from .models import PolicyDraft, Version

SHOWN = 10


def poster_url(draft: PolicyDraft) -> str:
    try:
        return reverse("policy_drafts:poster", args=[draft.slug])
    except NoReverseMatch:  # no posters in this build
        return ""


def shareable(site: PilotSite) -> list[Shareable]:
    """Open consultations anyone may read at the site (a published version), soonest closing
    first, each with its current version as the item a picture is drawn for: two queries."""
    drafts = list(
        PolicyDraft.objects.open_for_comment()
        .filter(Q(site__isnull=True) | Q(site=site))
        .published()
        .order_by(F("closes_at").asc(nulls_last=True), "title")[:SHOWN]
    )
    current: dict[int, Version] = {}
    for version in (
        Version.objects.filter(draft__in=drafts).select_related("draft").order_by("number")
    ):
        current[version.draft_id] = version
    found = []
    for draft in drafts:
        if draft.pk not in current:
            continue
        closes = f"Comments close at {closing_time(draft.closes_at)}" if draft.closes_at else ""
        found.append(
            Shareable(
                kind="consultation",
                title=draft.title,
                path=draft.get_absolute_url(),
                summary=one_line(draft.summary) or "Read it and tell the council what you think.",
                lead="Have your say on",
                when=closes,
                poster_url=poster_url(draft),
                subject=current[draft.pk],
            )
        )
    return found
