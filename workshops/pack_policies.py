"""The briefing pack's section on policy drafts open for comment (policy_drafts sits below workshops)."""

from __future__ import annotations

from django.db.models import Q

from policy_drafts.models import DraftStatus, PolicyDraft
from programme.documents import Block, Heading, Text

from .ics import absolute_url
from .models import Workshop


def open_policies(workshop: Workshop) -> list[Block]:
    drafts = PolicyDraft.objects.filter(
        Q(site__isnull=True) | Q(site=workshop.site), status=DraftStatus.OPEN
    )
    parts: list[Block] = [Heading("Policy drafts open for comment", 1)]
    for draft in drafts.order_by("title"):
        closes = f" until {draft.closes_at:%-d %B %Y}" if draft.closes_at else ""
        parts.append(
            Text(
                f"{draft.title}: open for comment{closes}. Every section can still be changed. "
                f"Read it and comment at {absolute_url(draft.get_absolute_url())}, choosing the capacity you "
                "speak in; officers may speak as residents, marked as a personal view."
            )
        )
    if len(parts) == 1:
        parts.append(Text("No policy draft is open for comment at the moment."))
    return parts
