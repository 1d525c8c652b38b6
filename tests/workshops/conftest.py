import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import WorkshopFactory
from workshops import services
from workshops.models import Audience, WorkshopKind


def at(days: float, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=int(days))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def plan(actor, site, **extra):
    fields: dict[str, Any] = {
        "title": "Meet the local bloggers",
        "kind": WorkshopKind.EXTERNAL_PARTNERS,
        "starts_at": at(10, 10),
        "ends_at": at(10, 13),
        "venue_name": "Huddersfield Town Hall",
        "capacity": 2,
        "audiences": [Audience.OFFICERS, Audience.RESIDENTS],
        "objectives": "Meet **bloggers**.",
    }
    fields.update(extra)
    return services.create_workshop(actor=actor, site=site, **fields)


@pytest.fixture
def workshop(coordinator, site):
    """A published workshop ten days away with two places."""
    return WorkshopFactory.create(site=site, created_by=coordinator)


def book(workshop, person, audience=Audience.RESIDENTS, **extra):
    return services.register(
        workshop=workshop, person=person, audience=audience, consent=True, **extra
    )
