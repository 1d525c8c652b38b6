"""What workshops holds about a person, and what closing their account ends here."""

from __future__ import annotations

from django.utils import timezone

from programme.models import User

from . import services
from .models import Registration


def personal_data(user: User) -> dict[str, object]:
    return {
        "workshop_registrations": [
            {
                "workshop": r.workshop.title,
                "starts": r.workshop.starts_at.isoformat(),
                "status": r.get_status_display(),
                "coming_as": r.get_audience_display(),
                "accessibility_needs": r.accessibility_needs,
                "dietary_requirements": r.dietary_requirements,
                "attended": r.attended,
                "feedback": (
                    {"rating": r.feedback.rating, "comments": r.feedback.comments}
                    if hasattr(r, "feedback")
                    else None
                ),
            }
            for r in Registration.objects.filter(person=user).select_related("workshop", "feedback")
        ]
    }


def account_closing(user: User) -> None:
    """Give up places at workshops still to come, so the waiting list moves on."""
    upcoming = Registration.objects.active().filter(
        person=user, workshop__starts_at__gt=timezone.now()
    )
    for registration in upcoming:
        services.cancel_registration(registration=registration, actor=user)
