"""Consultation wording for templates: `{% load consultations %}`."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from .. import closing
from ..models import DraftStatus, PolicyDraft

register = template.Library()


@register.filter
def closing_time(value: dt.datetime | None) -> str:
    """ "5pm on Friday 18 December 2026" (Europe/London), or "" without a date."""
    return closing.closing_time(value) if value else ""


@register.filter
def has_closed(draft: PolicyDraft) -> bool:
    """Its closing time has passed (it may still say open until the closing job runs)."""
    return draft.closes_at is not None and draft.closes_at <= timezone.now()


@register.filter
def awaits_answers(draft: PolicyDraft) -> bool:
    """Comments made, no decision yet: what happens next is the owners' answers."""
    return draft.status in (DraftStatus.OPEN, DraftStatus.REVIEWING)
