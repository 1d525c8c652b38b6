"""Reads for draft pages, the compare page and the consultation report."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator

from programme import permissions as programme_permissions
from programme.capacities import CapacityKind
from programme.models import User
from programme.platform.markdown import plain_text_of_html

from . import permissions
from .anchoring import Anchor, as_read, reanchor
from .models import Comment, PolicyDraft, Response, Section, Stance, SuggestionStatus, Version


def drafts_for(viewer: permissions.AnyUser) -> QuerySet[PolicyDraft]:
    drafts = PolicyDraft.objects.select_related("site").annotate(
        version_count=Count("versions", distinct=True)
    )
    if not programme_permissions.is_coordinator(viewer):
        owned = Q(owners=viewer) if viewer.is_authenticated else Q(pk__in=[])
        drafts = drafts.filter(Q(version_count__gt=0) | owned).distinct()
    return drafts.order_by("title")


def version_by_number(draft: PolicyDraft, number: int | None) -> Version:
    """A version by number, or the latest; 404 when there is none."""
    versions = draft.versions.select_related("published_by")
    if number is None:
        version = versions.order_by("-number").first()
        if version is None:
            raise Http404
        return version
    return get_object_or_404(versions, number=number)


def latest_number(draft: PolicyDraft) -> int | None:
    """The number of the draft's latest version; None before the first is published."""
    return draft.versions.order_by("-number").values_list("number", flat=True).first()


def comment(pk: int) -> Comment:
    """A comment with its section, version, draft and the comment it replies to; 404 if none."""
    return get_object_or_404(
        Comment.objects.select_related("section__version__draft", "parent"), pk=pk
    )


def _top_level() -> QuerySet[Comment]:
    """Top-level comments with what their rendering reads of them (threads: `with_threads`)."""
    return Comment.objects.top_level().select_related("author", "hidden_by", "capacity_site")


def with_threads(comments: Iterable[Comment]) -> list[Comment]:
    """The top-level comments, each given `answers` (its replies, oldest first) and each of
    them and their replies `owner_responses`: plain lists, in two queries whatever the
    comments hold (nested prefetches skip the responses of replies when there are none, so
    a page's queries would change with its data)."""
    comments = list(comments)
    ids = [comment.pk for comment in comments]
    answers: dict[int, list[Comment]] = defaultdict(list)
    responses: dict[int, list[Response]] = defaultdict(list)
    if ids:
        replies = Comment.objects.filter(parent_id__in=ids)
        for reply in replies.select_related("author", "hidden_by", "capacity_site").order_by(
            "created_at", "pk"
        ):
            answers[reply.parent_id or 0].append(reply)
        answered = Response.objects.filter(Q(comment_id__in=ids) | Q(comment__parent_id__in=ids))
        for response in answered.select_related("author").order_by("created_at", "pk"):
            responses[response.comment_id].append(response)
    for comment in comments:
        comment.answers = answers[comment.pk]
        for each in (comment, *comment.answers):
            each.owner_responses = responses[each.pk]
    return comments


SHOWN_PER_SECTION = 3
"""Comments a version's page shows under each section: the latest, oldest first. The rest
are a link away, on the section's own pages, so a consultation with thousands of comments
opens as fast as one with a few."""
COMMENTS_PER_PAGE = 25
EARLIER_SHOWN = 3  # comments from earlier versions listed under each section, the latest


def sections_with_comments(version: Version, shown: int = SHOWN_PER_SECTION) -> list[Section]:
    """The version's sections, each with `thread` (its latest `shown` comments with their
    replies and responses) and `comment_count` (all of them): a fixed number of queries."""
    sections = list(version.sections.all())
    counts, threads = _latest_threads(sections, shown)
    for section in sections:
        section.thread = threads[section.pk]
        section.comment_count = counts.get(section.pk, 0)
    return sections


def _latest_threads(
    sections: list[Section], shown: int
) -> tuple[dict[int, int], dict[int, list[Comment]]]:
    """How many top-level comments each section has, and its latest `shown` of them with
    their threads, oldest first, by section id: four queries however many there are."""
    # By the sections' ids rather than a join on the version or draft: the (section,
    # created_at) index then leads (joined, SQLite walks every top-level comment).
    on_sections = Comment.objects.top_level().filter(section__in=sections)
    counts = dict(
        on_sections.order_by()
        .values("section_id")
        .annotate(n=Count("pk"))
        .values_list("section_id", "n")
    )
    threads: dict[int, list[Comment]] = defaultdict(list)
    if counts:
        newest = [
            on_sections.filter(section_id=pk).order_by("-created_at", "-pk").values_list("pk")
            for pk in counts
        ]
        latest = _top_level().filter(pk__in=_each_then_all(newest, shown))
        for comment in with_threads(latest.order_by("created_at", "pk")):
            threads[comment.section_id].append(comment)
    return counts, threads


def _each_then_all(querysets: list[QuerySet[Comment, tuple[int]]], limit: int) -> RawSQL:
    """The first `limit` ids of each queryset, in one statement: UNION ALL of each read by
    its own index and cut at `limit`. Joined with OR instead, PostgreSQL read every comment
    once against all of them (110 ms at 200,000 comments); a window would rank them all."""
    parts: list[str] = []
    params: list[object] = []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset[:limit].query.sql_with_params()
        parts.append(f'SELECT * FROM ({sql}) AS "part_{number}"')  # noqa: S608 (the ORM's SQL)
        params += part_params
    return RawSQL(" UNION ALL ".join(parts), params)  # noqa: S611 (parameters kept apart)


def _latest_ids(comments: QuerySet[Comment], per: F, shown: int) -> list[int]:
    """The ids of the latest `shown` comments in each group: ids alone are ranked, so the
    window runs over narrow rows however many comments there are."""
    ranked = comments.annotate(
        newest=Window(
            RowNumber(), partition_by=[per], order_by=[F("created_at").desc(), F("pk").desc()]
        )
    ).filter(newest__lte=shown)
    return list(ranked.values_list("pk", flat=True))


def section_comments(section: Section) -> QuerySet[Comment]:
    """Every top-level comment on a section, oldest first (a page of them goes through
    `with_threads` for its replies and responses)."""
    return _top_level().filter(section=section).order_by("created_at", "pk")


def where_comment_is(comment: Comment) -> tuple[bool, int]:
    """Whether the version's page shows this (top-level) comment, and else which page of
    its section's comments holds it."""
    earlier = Q(created_at__lt=comment.created_at) | Q(
        created_at=comment.created_at, pk__lt=comment.pk
    )
    siblings = Comment.objects.top_level().filter(section_id=comment.section_id)
    before = siblings.filter(earlier).count()
    after = siblings.exclude(earlier).exclude(pk=comment.pk).count()
    return after < SHOWN_PER_SECTION, before // COMMENTS_PER_PAGE + 1


@dataclass
class EarlierComment:
    comment: Comment
    anchor: Anchor | None  # where its quote stands now; None if the passage is gone
    answered: bool = False  # the draft's owners responded to it
    excerpt: str = ""  # its opening words; empty where it is hidden or withdrawn


@dataclass
class Earlier:
    """Comments made on earlier versions, for the sections of a later one: for each section
    the latest few (re-anchored to this version), how many there are, how many answers the
    owners gave them, and on which versions."""

    by_key: dict[str, list[EarlierComment]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    answers: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    versions: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    gone: list[Comment] = field(default_factory=list)  # their section is no longer in the draft
    gone_count: int = 0


def earlier_comments(
    version: Version, sections: list[Section], shown: int = EARLIER_SHOWN
) -> Earlier:
    """Re-anchor earlier comments to this version: never dropped, marked where their passage
    is gone. Each section lists its latest `shown`, newest first, with whether the owners
    answered, and links to all of them, so the page costs the same with ten earlier comments
    or ten thousand. Hidden and withdrawn comments count and are listed (as such), like the
    comments on the version they were made on."""
    earlier = Earlier()
    bodies = {s.key: s.body for s in sections}
    older = Comment.objects.top_level().filter(
        section__version__draft_id=version.draft_id, section__version__number__lt=version.number
    )
    for key, number, n, answers in (
        older.order_by("section__key", "section__version__number")
        .values("section__key", "section__version__number")
        .annotate(n=Count("pk", distinct=True), answers=Count("responses"))
        .values_list("section__key", "section__version__number", "n", "answers")
    ):
        if key in bodies:
            earlier.counts[key] += n
            earlier.answers[key] += answers
            earlier.versions[key].append((number, n))
        else:
            earlier.gone_count += n
    latest = (
        Comment.objects.filter(pk__in=_latest_ids(older, F("section__key"), shown))
        .select_related("author", "section__version__draft", "capacity_site")
        .annotate(answered=Exists(Response.objects.filter(comment=OuterRef("pk"))))
        .order_by("-section__version__number", "-created_at", "-pk")
    )
    for comment in latest:
        key = comment.section.key
        if key not in bodies:
            earlier.gone.append(comment)
            continue
        anchor = (
            reanchor(bodies[key], comment.quote, comment.quote_prefix, comment.quote_suffix)
            if comment.quote
            else None
        )
        earlier.by_key[key].append(
            EarlierComment(comment, anchor, getattr(comment, "answered", False), _excerpt(comment))
        )
    return earlier


EXCERPT_CHARACTERS = 160


def _excerpt(comment: Comment) -> str:
    """The opening words of a comment as read (no markup), for a list that links to it;
    nothing of what a moderator hid or its author withdrew."""
    if not comment.is_visible:
        return ""
    return Truncator(plain_text_of_html(str(comment.body_html))).chars(EXCERPT_CHARACTERS)


# Reports ---------------------------------------------------------------------

REPORT_HEADER = [
    "version",
    "section",
    "comment id",
    "reply to",
    "author",
    "capacity",
    "stance",
    "quote",
    "comment",
    "suggestion",
    "suggestion status",
    "status",
    "responses",
    "created",
]


def report_rows(draft: PolicyDraft) -> Iterator[list[object]]:
    """One row per comment, oldest first. Plain values in chunks, so a huge consultation streams."""
    responses: dict[int, list[str]] = defaultdict(list)
    for comment_id, body in Response.objects.filter(
        comment__section__version__draft=draft
    ).values_list("comment_id", "body"):
        responses[comment_id].append(body)
    stances, statuses = dict(Stance.choices), dict(SuggestionStatus.choices)
    rows = (
        Comment.objects.filter(section__version__draft=draft)
        .order_by("section__version__number", "section__position", "created_at", "pk")
        .values_list(
            "section__version__number",
            "section__heading",
            "pk",
            "parent_id",
            "author__display_name",
            "author__full_name",
            "capacity_label",
            "stance",
            "quote",
            "body",
            "suggestion",
            "suggestion_status",
            "hidden_at",
            "withdrawn_at",
            "created_at",
        )
    )
    for (
        number,
        heading,
        pk,
        parent,
        display_name,
        full_name,
        capacity,
        stance,
        quote,
        body,
        suggestion,
        suggestion_status,
        hidden_at,
        withdrawn_at,
        created_at,
    ) in rows.iterator(chunk_size=2000):
        status = "withdrawn" if withdrawn_at else "hidden" if hidden_at else "shown"
        yield [
            number,
            heading,
            pk,
            parent or "",
            display_name or full_name,
            capacity,
            stances.get(stance, ""),
            as_read(quote),
            "" if hidden_at else body,
            suggestion,
            statuses.get(suggestion_status, "") if suggestion_status else "",
            status,
            " | ".join(responses.get(pk, [])),
            created_at,
        ]


@dataclass(frozen=True)
class ReportSection:
    section: Section  # with its version
    latest: list[Comment]  # the latest top-level comments, oldest first, with `answers`
    total: int  # every top-level comment on the section


def report_sections(draft: PolicyDraft, shown: int) -> list[ReportSection]:
    """The draft's sections with comments, in version and section order, each with its latest
    `shown` top-level comments (with their replies and responses) and how many it has in all:
    the report page's comments in a fixed number of queries however many there are (the
    PDF and CSV hold every one)."""
    sections = list(
        Section.objects.filter(version__draft=draft)
        .select_related("version")
        .order_by("version__number", "position", "pk")
    )
    counts, threads = _latest_threads(sections, shown)
    return [
        ReportSection(section, threads[section.pk], counts[section.pk])
        for section in sections
        if section.pk in counts
    ]


@dataclass(frozen=True)
class Summary:
    by_capacity_stance: dict[tuple[str, str], int]
    capacities: list[str]
    stances: list[str]
    busiest_sections: list[tuple[str, int]]
    pending_suggestions: int
    total: int


def summary(draft: PolicyDraft, section: Section | None = None) -> Summary:
    """Counts by capacity and stance, busiest sections and pending suggestions (one section, or all)."""
    comments = Comment.objects.top_level().filter(section__version__draft=draft)
    if section is not None:
        comments = comments.filter(section=section)
    pairs = Counter(
        {
            (row["capacity_kind"], row["stance"]): row["n"]
            for row in comments.values("capacity_kind", "stance").annotate(n=Count("pk"))
        }
    )
    busiest = list(
        comments.values_list("section__heading")
        .annotate(n=Count("pk"))
        .order_by("-n", "section__heading")[:5]
    )
    pending = comments.filter(suggestion_status=SuggestionStatus.PENDING).count()
    return _summary(pairs, busiest, pending)


def section_summaries(draft: PolicyDraft) -> dict[int, Summary]:
    """`summary` of each section with comments, by section id: one grouped query for them all
    (the report has a table per section)."""
    rows = (
        Comment.objects.top_level()
        .filter(section__version__draft=draft)
        .values("section", "section__heading", "capacity_kind", "stance")
        .annotate(
            n=Count("pk"),
            pending=Count("pk", filter=Q(suggestion_status=SuggestionStatus.PENDING)),
        )
        .order_by()
    )
    pairs: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
    headings: dict[int, str] = {}
    pending: Counter[int] = Counter()
    for row in rows:
        pairs[row["section"]][(row["capacity_kind"], row["stance"])] = row["n"]
        headings[row["section"]] = row["section__heading"]
        pending[row["section"]] += row["pending"]
    return {
        pk: _summary(found, [(headings[pk], sum(found.values()))], pending[pk])
        for pk, found in pairs.items()
    }


def _summary(pairs: Counter[tuple[str, str]], busiest: list[Any], pending: int) -> Summary:
    labels = dict(CapacityKind.choices)
    by_pair = {(labels.get(c, c), dict(Stance.choices).get(s, s)): n for (c, s), n in pairs.items()}
    return Summary(
        by_capacity_stance=by_pair,
        capacities=sorted({c for c, _ in by_pair}),
        stances=[label for _, label in Stance.choices if any(s == label for _, s in by_pair)],
        busiest_sections=busiest,
        pending_suggestions=pending,
        total=sum(pairs.values()),
    )


def comments_by(person: User, shown: int) -> list[Comment]:
    """A person's comments and replies, newest first, at most `shown`, each with its section,
    version and draft, and `answered` (whether the draft's owners responded): one query."""
    return list(
        Comment.objects.filter(author=person)
        .select_related("section__version__draft")
        .annotate(answered=Exists(Response.objects.filter(comment=OuterRef("pk"))))
        .order_by("-created_at", "-pk")[:shown]
    )
