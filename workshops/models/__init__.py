"""Workshops at each pilot site: planning, registration, attendance and outcomes."""

from .registrations import (
    ACTIVE_STATUSES,
    CalendarToken,
    Invitation,
    Registration,
    RegistrationQuerySet,
    RegistrationStatus,
)
from .workshops import (
    AUDIENCE_ONE,
    AUDIENCE_PLURAL,
    PLANNED_FIELDS,
    PUBLIC,
    Access,
    AgendaItem,
    Audience,
    Feedback,
    Outcome,
    Workshop,
    WorkshopKind,
    WorkshopQuerySet,
    WorkshopStatus,
)

__all__ = [
    "ACTIVE_STATUSES",
    "AUDIENCE_ONE",
    "AUDIENCE_PLURAL",
    "PLANNED_FIELDS",
    "PUBLIC",
    "Access",
    "AgendaItem",
    "Audience",
    "CalendarToken",
    "Feedback",
    "Invitation",
    "Outcome",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationStatus",
    "Workshop",
    "WorkshopKind",
    "WorkshopQuerySet",
    "WorkshopStatus",
]
