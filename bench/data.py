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


def add_policy(sections: int, comments: int, versions: int = 3) -> tuple[str, int]:
    """A draft of `sections` sections over `versions` versions with `comments` comments. Returns (slug, last version)."""
    from django.utils import timezone

    from policy_drafts.models import Comment, PolicyDraft, Section, Version

    coordinator = User.objects.get(email="coordinator@demo.example")
    draft = PolicyDraft.objects.create(
        title=f"Bench policy {comments}", slug=f"bench-policy-{comments}", status="open"
    )
    draft.owners.add(coordinator)
    all_sections = []
    for number in range(1, versions + 1):
        version = Version.objects.create(draft=draft, number=number, published_by=coordinator)
        Section.objects.bulk_create(
            Section(
                version=version,
                key=f"s{n}",
                position=n,
                heading=f"Section {n}",
                body=f"Version {number} of section {n}. " + "Words that people comment on. " * 20,
            )
            for n in range(sections)
        )
        all_sections += list(version.sections.all())
    people = list(User.objects.all()[:8])
    now = timezone.now()
    batch = []
    for n in range(comments):
        section = all_sections[n % len(all_sections)]
        batch.append(
            Comment(
                section=section,
                author=people[n % len(people)],
                stance="support",
                body=f"Comment {n}",
                quote="Words that people comment on." if n % 3 == 0 else "",
                capacity_kind="resident",
                capacity_label="Resident",
                created_at=now,
            )
        )
        if len(batch) == 5000:
            Comment.objects.bulk_create(batch)
            batch = []
    Comment.objects.bulk_create(batch)
    return draft.slug, versions


def add_ten_block_page() -> str:
    """A published page with ten blocks on the live Kirklees site; returns its address."""
    from townhall import services as townhall_services
    from townhall.permissions import site_for

    site = site_for("kirklees")
    lead = User.objects.get(email="lead@kirklees.demo.example")
    page = townhall_services.create_page(actor=lead, site=site, kind="standard", title="Ten blocks")
    blocks = [
        {"type": "heading", "text": "Opening hours", "level": 2},
        {
            "type": "text",
            "markdown": "The library is open **every day** but Sunday.\n\n- Mon to Fri 9-7\n- Sat 9-5",
        },
        {"type": "quote", "text": "Best library in the north.", "cite": "A reader"},
        {"type": "cta", "label": "Join the library", "url": "https://example.org/join"},
        {
            "type": "links",
            "links": [{"label": f"Branch {n}", "url": "https://example.org"} for n in range(8)],
        },
        {"type": "heading", "text": "What is on", "level": 2},
        {"type": "workshops"},
        {"type": "policies"},
        {"type": "news"},
        {"type": "around"},
    ]
    townhall_services.save_revision(actor=lead, page=page, base=1, blocks=blocks)
    townhall_services.publish(actor=lead, page=page)
    return page.get_absolute_url()
