"""The domain error and the activity log that every service in every app writes to."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..models import ActivityLog, PilotSite, User


def log_activity(
    *,
    actor: User | None,
    action: str,
    summary: str,
    target: models.Model | None = None,
    site: PilotSite | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Record who did what. Call it inside the transaction that made the change."""
    return ActivityLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary[:300],
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        site=site,
        data=data or {},
    )
