"""Extra data for benchmarks, so pages are measured with more than the demo holds."""

from __future__ import annotations

import datetime as dt

from programme import services
from programme.models import CouncilKind, PilotSite, RelatedInitiative, Role, User


def add_sites(count: int) -> None:
    for n in range(count):
        site = services.save_record(
            actor=None,
            record=PilotSite(
                name=f"Bench Borough {n}",
                slug=f"bench-{n}",
                council_name=f"Bench Borough {n} Council",
                council_kind=CouncilKind.DISTRICT,
                region="Benchmark",
                joined_on=dt.date(2026, 5, 1),
                description="A site added for benchmarking.",
            ),
            action="programme.site",
        )
        services.save_record(
            actor=None,
            record=RelatedInitiative(site=site, name=f"Initiative {n}"),
            action="programme.initiative",
        )
    kirklees = PilotSite.objects.get(slug="kirklees")
    for n in range(count):
        user = User.objects.create_user(
            f"bench{n}@example.org", None, full_name=f"Bench Person {n}"
        )
        services.grant_role(actor=None, user=user, role=Role.OFFICER, site=kirklees)
