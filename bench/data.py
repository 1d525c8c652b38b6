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


def add_workshops(workshops: int, registrations: int) -> tuple[str, str]:
    """Many workshops and registrations, bulk-inserted. Returns (a busy workshop's slug, a 200-attendee one's)."""
    import datetime as dt

    from django.utils import timezone

    from workshops.models import Registration, Workshop

    sites = list(PilotSite.objects.all())
    start = timezone.now() + dt.timedelta(days=30)
    Workshop.objects.bulk_create(
        Workshop(
            site=sites[n % len(sites)],
            title=f"Bench workshop {n}",
            slug=f"bench-workshop-{n}",
            kind="other",
            starts_at=start + dt.timedelta(hours=n),
            ends_at=start + dt.timedelta(hours=n, minutes=90),
            venue_name="Town hall",
            capacity=60,
            status="published",
            audiences=["residents"],
        )
        for n in range(workshops)
    )
    ids = list(
        Workshop.objects.filter(slug__startswith="bench-workshop-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    batch = []
    for n in range(registrations):
        batch.append(
            Registration(
                workshop_id=ids[n % len(ids)],
                guest_name=f"Guest {n}",
                guest_email=f"guest{n}@bench.example",
                audience="residents",
                consented_at=now,
                status="confirmed" if n % 5 else "waitlisted",
                accessibility_needs="Hearing loop" if n % 7 == 0 else "",
            )
        )
        if len(batch) == 5000:
            Registration.objects.bulk_create(batch)
            batch = []
    Registration.objects.bulk_create(batch)
    big = Workshop.objects.create(
        site=sites[0],
        title="Bench pack workshop",
        slug="bench-pack",
        kind="members_briefing",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue_name="Town hall",
        capacity=200,
        status="published",
        audiences=["members"],
    )
    Registration.objects.bulk_create(
        Registration(
            workshop=big,
            guest_name=f"Member {n}",
            guest_email=f"member{n}@bench.example",
            audience="members",
            consented_at=now,
            status="confirmed",
            dietary_requirements="Vegetarian" if n % 3 else "",
        )
        for n in range(200)
    )
    return f"bench-workshop-{workshops // 2}", big.slug
