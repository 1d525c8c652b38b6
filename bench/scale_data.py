"""A big council's data for one site, bulk-inserted the way the app stores it.

`grow(scale)` adds, to one pilot site of the demo, `scale` per cent of a big council's
data: at scale 100, 50,000 accounts, 5,000 published pages (news among them), 2,000
discussions with 50,000 posts, 2,000 workshops with 100,000 registrations, 20 policy
drafts with 200,000 comments and 1,000 ambassador applications. The demo's own busy
things (a discussion, a workshop, the open draft) also grow to `scale` times their size,
so the same addresses can be measured before and after.

Rows are written with `bulk_create` in batches, inside one transaction, with every field
the services keep filled in as they would: rendered Markdown (`body_html`, the HTML of
text blocks), a page revision's `search_text`, a page's latest and live revision and
first publication, a discussion's `last_post_at`, places up to a workshop's capacity
confirmed and the rest waitlisted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

# What scale 100 adds: a big council's site.
AT_100 = {
    "accounts": 50_000,
    "pages": 5_000,
    "discussions": 2_000,
    "posts": 50_000,
    "workshops": 2_000,
    "registrations": 100_000,
    "drafts": 20,
    "comments": 200_000,
    "applications": 1_000,
}
# Things that hold others: at least one of each whenever there is anything to hold.
CONTAINERS = {"discussions": "posts", "workshops": "registrations", "drafts": "comments"}
BATCH = 2_000
SITE = "kirklees"
# What the bench searches: a word in about one text in seven (and every added workshop's venue),
# and a word of the demo's that no added row holds.
COMMON_WORD = "community"
RARE_WORD = "Greenhead"

M = TypeVar("M", bound=models.Model)

WORDS = [
    "bus",
    "route",
    "library",
    "park",
    "bench",
    "council",
    "budget",
    "housing",
    "planning",
    "road",
    "school",
    "play",
    "area",
    "recycling",
    "bins",
    "street",
    "lights",
    "parking",
    "cycle",
    "lane",
    "flood",
    "defence",
    "market",
    "hall",
    "repair",
    "cafe",
    "youth",
    "club",
    "volunteers",
    "allotments",
    "litter",
    "pavement",
    "crossing",
    "tram",
    "station",
    "clinic",
    "museum",
    "swimming",
    "pool",
    "leisure",
    "centre",
    "theatre",
    "heritage",
    "trees",
    "footpath",
    "canal",
    "bridge",
    "estate",
    "consultation",
    "survey",
    "meeting",
    "ward",
    "councillor",
    "officer",
    "residents",
    "neighbours",
    "families",
    "elderly",
    "carers",
    "students",
    "businesses",
    "shops",
    "high",
    "street",
    "town",
    "centre",
    "village",
    "green",
]


def counts(scale: float) -> dict[str, int]:
    """How many of each thing `grow(scale)` adds."""
    found = {name: round(total * scale / 100) for name, total in AT_100.items()}
    for container, contents in CONTAINERS.items():
        if found[contents]:
            found[container] = max(found[container], 1)
    found["accounts"] = max(found["accounts"], 1)
    return found


@dataclass
class Grown:
    """What one call of `grow` added, and how long it took."""

    added: dict[str, int]
    seconds: float


class _Text:
    """Deterministic civic prose: a pool of sentences, a tenth of them with COMMON_WORD."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sentences = []
        for n in range(600):
            words = rng.sample(WORDS, 9)
            if n % 20 == 0:
                words[rng.randrange(9)] = COMMON_WORD
            self.sentences.append(" ".join(words).capitalize() + ".")
        # A few hundred distinct bodies, so rendering them once each is enough.
        self.bodies = [self.paragraph(3) for _ in range(400)]

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.rng.choice(self.sentences) for _ in range(sentences))

    def title(self) -> str:
        return " ".join(self.rng.sample(WORDS, 4)).capitalize()

    def body(self) -> str:
        return self.rng.choice(self.bodies)


@contextlib.contextmanager
def _rendering_once() -> Iterator[None]:
    """Markdown fields render on save (also in bulk_create): the same text renders the
    same, so render each distinct text once while building."""
    from programme.platform import fields

    original = fields.render_markdown
    fields.render_markdown = functools.lru_cache(maxsize=4096)(original)
    try:
        yield
    finally:
        fields.render_markdown = original


def _insert(model: type[M], rows: Iterable[M]) -> int:
    batch: list[M] = []
    written = 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model._default_manager.bulk_create(batch)
            written, batch = written + len(batch), []
    if batch:
        model._default_manager.bulk_create(batch)
    return written + len(batch)


def _ids(queryset: models.QuerySet[Any]) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def grow(scale: float, *, site_slug: str = SITE, seed: int = 28) -> Grown:
    """Add `scale` per cent of a big council's data to the site `site_slug` (see the module)."""
    from programme.models import PilotSite, User

    started = timezone.now()
    wanted = counts(scale)
    rng = random.Random(f"{seed}:{scale}")
    text = _Text(rng)
    # Names carry a prefix of this call, so growing twice adds rather than clashes.
    tag = f"s{User.objects.count()}"
    pilot = PilotSite.objects.select_related("townhall").get(slug=site_slug)
    coordinator = User.objects.get(email="coordinator@demo.example")
    with transaction.atomic(), _rendering_once():
        people = _accounts(wanted["accounts"], tag)
        _pages(pilot, wanted["pages"], tag, text, coordinator)
        _discussions(pilot, wanted["discussions"], wanted["posts"], text, people, scale)
        _workshops(pilot, wanted["workshops"], wanted["registrations"], tag, text, people, scale)
        _drafts(pilot, wanted["drafts"], wanted["comments"], tag, text, people, coordinator, scale)
        _applications(pilot, wanted["applications"], tag, text)
    return Grown(wanted, (timezone.now() - started).total_seconds())


def _accounts(count: int, tag: str) -> list[int]:
    from programme.models import User

    unusable = make_password(None)  # they sign in by link, as the demo's residents may
    now = timezone.now()
    _insert(
        User,
        (
            User(
                email=f"person{n}.{tag}@bench.example",
                full_name=f"Resident {tag} {n}",
                password=unusable,
                email_confirmed_at=now,
            )
            for n in range(count)
        ),
    )
    return _ids(User.objects.filter(email__endswith=f".{tag}@bench.example"))


def _spread(total: int, over: int) -> list[int]:
    """`total` split as evenly as can be over `over` containers."""
    if over == 0:
        return []
    share, extra = divmod(total, over)
    return [share + (1 if n < extra else 0) for n in range(over)]


def _pages(pilot: Any, count: int, tag: str, text: _Text, author: Any) -> None:
    from townhall.blocks import with_rendered_text
    from townhall.models import Page, PageKind, PageRevision
    from townhall.services import search_text

    site = pilot.townhall
    now = timezone.now()
    kinds = [PageKind.NEWS] * 4 + [PageKind.STANDARD] * 4 + [PageKind.EVENT, PageKind.CONSULTATION]
    published = [now - dt.timedelta(hours=3 * (count - n)) for n in range(count)]
    _insert(
        Page,
        (
            Page(
                site=site,
                kind=kinds[n % len(kinds)],
                slug=f"{tag}-page-{n}",
                in_menu=False,
                created_at=published[n] - dt.timedelta(minutes=12),
                created_by=author,
                first_published_at=published[n],
            )
            for n in range(count)
        ),
    )
    pages = _ids(Page.objects.filter(site=site, slug__startswith=f"{tag}-page-"))

    def revision(page_id: int) -> PageRevision:
        title, summary = text.title(), text.paragraph(1)
        blocks = with_rendered_text([{"type": "text", "markdown": text.body()}])
        return PageRevision(
            page_id=page_id,
            number=1,
            title=title,
            summary=summary,
            blocks=blocks,
            created_by=author,
            search_text=search_text(title, summary, blocks),
        )

    _insert(PageRevision, (revision(pk) for pk in pages))
    first = Subquery(PageRevision.objects.filter(page=OuterRef("pk")).values("pk")[:1])
    Page.objects.filter(pk__in=pages).update(latest_revision=first)
    Page.objects.filter(pk__in=pages).update(live_revision=models.F("latest_revision"))


def _posts(
    discussion_ids: Sequence[int],
    per: Sequence[int],
    text: _Text,
    people: Sequence[int],
    starts: Sequence[dt.datetime],
) -> Iterator[Any]:
    """Posts, nearly all approved, one in a hundred hidden and one in a hundred waiting."""
    from programme.capacities import CapacityKind
    from townhall.models import Post

    n = 0
    for discussion_id, many, start in zip(discussion_ids, per, starts, strict=True):
        for k in range(many):
            at = start + dt.timedelta(minutes=7 * k + n % 60)
            n += 1
            yield Post(
                discussion_id=discussion_id,
                author_id=people[n % len(people)],
                body=text.body(),
                created_at=at,
                approved_at=None if n % 100 == 50 else at,
                hidden_at=at if n % 100 == 99 else None,
                hidden_reason="Off topic." if n % 100 == 99 else "",
                capacity_kind=CapacityKind.RESIDENT,
                capacity_label="Resident",
            )


def _discussions(
    pilot: Any, count: int, posts: int, text: _Text, people: list[int], scale: float
) -> None:
    from townhall.models import Discussion, Post

    site = pilot.townhall
    start = timezone.now() - dt.timedelta(days=365)
    before = set(_ids(Discussion.objects.filter(site=site)))
    _insert(
        Discussion,
        (
            Discussion(
                site=site,
                title=text.title() + "?",
                started_by_id=people[n % len(people)],
                created_at=start + dt.timedelta(hours=4 * n),
            )
            for n in range(count)
        ),
    )
    added = Discussion.objects.exclude(pk__in=before).filter(site=site).order_by("pk")
    ids, starts = zip(*added.values_list("pk", "created_at"), strict=True) if count else ((), ())
    _insert(Post, _posts(ids, _spread(posts, len(ids)), text, people, starts))
    # The demo's discussions grow with the rest, so their pages can be compared.
    for discussion in Discussion.objects.filter(pk__in=before):
        more = round(discussion.posts.count() * scale)
        _insert(Post, _posts([discussion.pk], [more], text, people, [discussion.created_at]))
    latest = Subquery(
        Post.objects.filter(discussion=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    Discussion.objects.filter(site=site).update(last_post_at=latest)
    first_author = Subquery(
        Post.objects.filter(discussion=OuterRef("pk")).order_by("created_at").values("author")[:1]
    )
    Discussion.objects.filter(pk__in=ids).update(started_by=first_author)


def _registrations(
    workshop: Any, many: int, first: int, people: Sequence[int], codes: Iterator[str]
) -> Iterator[Any]:
    """Places up to capacity confirmed, the rest waitlisted; half guests, half accounts
    (each account once per workshop)."""
    from workshops.models import Registration, RegistrationStatus

    taken = first
    for k in range(many):
        code = next(codes)
        n = int(code[1:])
        at = workshop.created_at + dt.timedelta(minutes=k)
        confirmed = taken < workshop.capacity
        taken += 1
        person = people[(workshop.pk + k) % len(people)] if k % 2 and k < len(people) else None
        yield Registration(
            workshop_id=workshop.pk,
            person_id=person,
            guest_name="" if person else f"Guest {n}",
            guest_email="" if person else f"guest{n}.{workshop.pk}@bench.example",
            audience="residents",
            consented_at=at,
            created_at=at,
            status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED,
            confirmed_at=at if confirmed else None,
            waitlisted_at=None if confirmed else at,
            accessibility_needs="Hearing loop, please" if n % 11 == 0 else "",
            code=code,
        )


def _workshops(
    pilot: Any,
    count: int,
    registrations: int,
    tag: str,
    text: _Text,
    people: list[int],
    scale: float,
) -> None:
    from workshops.models import Registration, Workshop, WorkshopKind, WorkshopStatus

    now = timezone.now()
    kinds = list(WorkshopKind.values)
    before = set(_ids(Workshop.objects.filter(site=pilot)))

    def workshop(n: int) -> Workshop:
        # Half held in the past year, half to come in the next.
        starts = now + dt.timedelta(hours=(n - count // 2) * 8760 // max(count, 1) + 1)
        past = starts < now
        return Workshop(
            site=pilot,
            title=text.title(),
            slug=f"{tag}-workshop-{n}",
            kind=kinds[n % len(kinds)],
            objectives=text.body(),
            audiences=["residents"],
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            venue_name=f"{text.rng.choice(WORDS).capitalize()} community room",
            capacity=40,
            status=WorkshopStatus.HELD if past else WorkshopStatus.PUBLISHED,
            created_at=starts - dt.timedelta(days=30),
            updated_at=starts - dt.timedelta(days=30),
        )

    _insert(Workshop, (workshop(n) for n in range(count)))
    added = Workshop.objects.filter(slug__startswith=f"{tag}-workshop-").order_by("pk")
    shares = _spread(registrations, count)
    # Check-in codes longer than the app's own (8 letters), unique to this call.
    codes = (f"R{int(tag[1:]):05d}{n:06d}" for n in itertools.count())
    _insert(
        Registration,
        (
            row
            for found, many in zip(added, shares, strict=True)
            for row in _registrations(found, many, 0, people, codes)
        ),
    )
    for found in Workshop.objects.filter(pk__in=before):
        more = round(found.registrations.count() * scale)
        held = found.registrations.active().count()
        _insert(Registration, _registrations(found, more, held, people, codes))


def _drafts(
    pilot: Any,
    count: int,
    comments: int,
    tag: str,
    text: _Text,
    people: list[int],
    owner: Any,
    scale: float,
) -> None:
    from policy_drafts.models import (
        Comment,
        DraftStatus,
        PolicyDraft,
        Section,
        Stance,
        Version,
        WorkingSection,
    )
    from programme.capacities import CapacityKind

    now = timezone.now()
    before = set(_ids(PolicyDraft.objects.all()))
    statuses = [DraftStatus.OPEN, DraftStatus.REVIEWING, DraftStatus.ADOPTED, DraftStatus.ARCHIVED]
    _insert(
        PolicyDraft,
        (
            PolicyDraft(
                title=f"{text.title()} policy",
                slug=f"{tag}-policy-{n}",
                summary=text.paragraph(2),
                site=pilot,
                status=statuses[n % len(statuses)],
                closes_at=now + dt.timedelta(days=30) if n % len(statuses) == 0 else None,
                working_revision=1,
            )
            for n in range(count)
        ),
    )
    drafts = list(PolicyDraft.objects.filter(slug__startswith=f"{tag}-policy-").order_by("pk"))
    PolicyDraft.owners.through.objects.bulk_create(
        PolicyDraft.owners.through(policydraft_id=d.pk, user_id=owner.pk) for d in drafts
    )
    _insert(Version, (Version(draft=d, number=1, published_by=owner) for d in drafts))
    sections_each = 10
    headings = [text.title() for _ in range(sections_each)]
    bodies = [text.body() for _ in range(sections_each)]
    _insert(
        WorkingSection,
        (
            WorkingSection(draft=d, key=f"s{k}", position=k, heading=headings[k], body=bodies[k])
            for d in drafts
            for k in range(sections_each)
        ),
    )
    _insert(
        Section,
        (
            Section(version=v, key=f"s{k}", position=k, heading=headings[k], body=bodies[k])
            for v in Version.objects.filter(draft__in=drafts)
            for k in range(sections_each)
        ),
    )
    stances = list(Stance.values)

    def comment(section_id: int, n: int, at: dt.datetime) -> Comment:
        return Comment(
            section_id=section_id,
            author_id=people[(n * 31) % len(people)],
            stance=stances[n % len(stances)],
            body=text.body(),
            created_at=at,
            capacity_kind=CapacityKind.RESIDENT,
            capacity_label="Resident",
            hidden_at=at if n % 200 == 199 else None,
        )

    sections = _ids(Section.objects.filter(version__draft__in=drafts))
    start = now - dt.timedelta(days=60)
    _insert(
        Comment,
        (
            comment(sections[n % len(sections)], n, start + dt.timedelta(seconds=20 * n))
            for n in range(comments if sections else 0)
        ),
    )
    # The demo's drafts grow on the versions people commented on.
    for version in Version.objects.filter(draft__in=before):
        own = _ids(Section.objects.filter(version=version))
        more = round(Comment.objects.filter(section__version=version).count() * scale)
        _insert(
            Comment,
            (
                comment(own[n % len(own)], n, version.published_at + dt.timedelta(minutes=n))
                for n in range(more if own else 0)
            ),
        )


def _applications(pilot: Any, count: int, tag: str, text: _Text) -> None:
    from ambassadors.models import Application, Stage, StageChange, Task

    now = timezone.now()
    stages = list(Stage.values)
    _insert(
        Application,
        (
            Application(
                site=pilot,
                full_name=f"Applicant {tag} {n}",
                email=f"applicant{n}.{tag}@bench.example",
                neighbourhood=text.rng.choice(WORDS).capitalize(),
                motivation=text.body(),
                consented_at=now - dt.timedelta(hours=n),
                created_at=now - dt.timedelta(hours=n),
                stage=stages[n % len(stages)],
                stage_changed_at=now - dt.timedelta(hours=n // 2),
            )
            for n in range(count)
        ),
    )
    added = _ids(Application.objects.filter(email__endswith=f".{tag}@bench.example"))
    tasks = _ids(Task.objects.all())
    if tasks:
        Application.tasks.through.objects.bulk_create(
            (
                Application.tasks.through(application_id=pk, task_id=tasks[pk % len(tasks)])
                for pk in added
            ),
            batch_size=BATCH,
        )
    _insert(
        StageChange,
        (StageChange(application_id=pk, to_stage=Stage.APPLIED, at=now) for pk in added),
    )


def main() -> None:
    """Fill the database DATABASE_URL names with the demo and a big council's data, to try
    the pages at that size by hand (`make run` on it afterwards). A throwaway database: the
    demo's accounts have a known password, so debug must be on, as for seed_demo."""
    import argparse
    import io
    import os
    import sys
    import time
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--scale", type=float, default=100, help="how big (default 100)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from programme.models import User

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not User.objects.filter(email="coordinator@demo.example").exists():
        call_command("seed_demo", stdout=io.StringIO())
    grown = grow(args.scale)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would soon give
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    added = ", ".join(f"{n:,} {name}" for name, n in grown.added.items())
    print(f"{args.scale:g}x in {time.perf_counter() - started:.0f} s: {added}")


if __name__ == "__main__":
    main()
