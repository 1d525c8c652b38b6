"""A consultation's poster and flyers (`programme.posters` draws them)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from programme.models import Channel, ShareCode
from programme.posters import Poster, brand_for
from programme.reach import shared_url

from .closing import closing_time
from .models import PolicyDraft

ABOUT_LENGTH = 220


def _about(summary: str) -> str:
    text = " ".join(summary.split())
    if len(text) <= ABOUT_LENGTH:
        return text
    return text[:ABOUT_LENGTH].rsplit(" ", 1)[0].rstrip(" .,;:") + "…"


def poster_of(draft: PolicyDraft, code: ShareCode | None) -> Poster:
    """What a consultation's poster says; its QR code leads to the draft's current version,
    with `code`."""
    now = timezone.now()
    scan = "Scan to have your say"
    how_to = "Read the draft and comment on any part of it online: scan the code, or type:"
    if draft.is_open_for_comment(now):
        when = f"Have your say by {closing_time(draft.closes_at)}" if draft.closes_at else ""
        when = when or "Open for comments"
    elif draft.is_open and draft.opens_at and now < draft.opens_at:
        when = f"Open for comments from {closing_time(draft.opens_at)}"
    else:
        when = "Comments are now closed"
        scan = "Scan for details"
        how_to = "Read the policy and what came of the comments online: scan the code, or type:"
    lines = [("When", when)]
    if draft.summary.strip():
        lines.append(("What it is about", _about(draft.summary)))
    url = shared_url(reverse("policy_drafts:detail", args=[draft.slug]), code, Channel.POSTER)
    return Poster(
        title=draft.title,
        lines=tuple(lines),
        how_to=how_to,
        url=url,
        brand=brand_for(draft.site),
        label="Have your say" if scan != "Scan for details" else "Consultation",
        scan=scan,
    )
