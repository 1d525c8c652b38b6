"""The consultation report: counts by capacity and stance, then the comments by section,
as a PDF and as its web version (the same blocks, see programme/platform/documents.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from programme.platform.documents import Block, Grid, Heading, Text, to_pdf

from . import queries
from .models import Comment, PolicyDraft, Response


def _counts(summary: queries.Summary | None) -> list[Block]:
    if summary is None or not summary.total:
        return [Text("No comments.")]
    rows = [
        [
            capacity,
            *[summary.by_capacity_stance.get((capacity, stance), 0) for stance in summary.stances],
        ]
        for capacity in summary.capacities
    ]
    return [Grid(["Capacity", *summary.stances], rows)]


def _comment(
    comment: Comment, responses: Iterable[Response], *, reply: bool = False
) -> list[Block]:
    about = comment.capacity_label
    if comment.stance:
        about += f" · {comment.get_stance_display()}"
    lead = f"{'Reply from ' if reply else ''}{comment.author.public_name},"
    parts: list[Block] = [Text(about, lead=lead, small=True)]
    if comment.quote:
        parts.append(Text(f"“{comment.passage}”", small=True))
    if comment.is_hidden:
        parts.append(Text("[Hidden by a moderator]"))
    else:
        parts.append(
            Text(("[Withdrawn by its author] " if comment.is_withdrawn else "") + comment.body)
        )
    if comment.suggestion:
        status = comment.get_suggestion_status_display()
        parts.append(Text(f"Suggested: “{comment.suggestion}” ({status})", small=True))
    parts += [Text(r.body, lead="Response:", small=True) for r in responses]
    return parts


def _opening(draft: PolicyDraft) -> Iterator[Block]:
    yield Heading(f"Consultation report: {draft.title}", 0)
    yield Text(f"{draft.scope_label} · {draft.get_status_display()}")
    yield Heading("All comments by capacity and stance", 1)
    yield from _counts(queries.summary(draft))


def report(draft: PolicyDraft) -> Iterator[Block]:
    """The report's blocks, one comment at a time (a big consultation has tens of thousands)."""
    yield from _opening(draft)
    comments = (
        Comment.objects.filter(section__version__draft=draft)
        .select_related("author", "section__version")
        .prefetch_related("responses")
        .order_by("section__version__number", "section__position", "created_at")
    )
    summaries = queries.section_summaries(draft)
    current = None
    for comment in comments.iterator(chunk_size=2000):
        section = comment.section
        if section.pk != current:
            current = section.pk
            yield Heading(f"Version {section.version.number}: {section.heading}", 1)
            yield from _counts(summaries.get(section.pk))
        yield from _comment(comment, comment.responses.all())
    if current is None:
        yield Text("No comments have been made.")


PAGE_SHOWN = 5
"""Comments the report's web page shows under each section: the latest, oldest first, with
their replies. Each section links to its own pages of every comment, and the PDF and the CSV
hold them all, so the page opens as fast for 200,000 comments as for 2,000."""


@dataclass(frozen=True)
class PagePart:
    """One section of the report's web page: its heading, counts and latest comments, and
    what its link to every comment on it needs."""

    blocks: list[Block]
    heading: str  # the section's
    number: int  # the version's
    key: str  # the section's
    total: int  # top-level comments on the section
    shown: int  # of them on the page

    @property
    def more(self) -> bool:
        return self.total > self.shown


def page(draft: PolicyDraft, shown: int = PAGE_SHOWN) -> tuple[list[Block], list[PagePart]]:
    """The report's web page: the same opening and section counts as the PDF, and each
    section's latest `shown` comments (see PAGE_SHOWN), in a fixed number of queries."""
    summaries = queries.section_summaries(draft)
    parts = []
    for found in queries.report_sections(draft, shown):
        section = found.section
        heading = f"Version {section.version.number}: {section.heading}"
        blocks: list[Block] = [Heading(heading, 1), *_counts(summaries.get(section.pk))]
        if found.total > len(found.latest):
            blocks.append(
                Text(
                    f"The latest {len(found.latest)} of its {found.total:,} comments, oldest "
                    "first, with their replies.",
                    small=True,
                )
            )
        for comment in found.latest:
            blocks += _comment(comment, comment.owner_responses)
            for answer in comment.answers:
                blocks += _comment(answer, answer.owner_responses, reply=True)
        parts.append(
            PagePart(
                blocks,
                section.heading,
                section.version.number,
                section.key,
                found.total,
                len(found.latest),
            )
        )
    return list(_opening(draft)), parts


def build(draft: PolicyDraft) -> bytes:
    return to_pdf(list(report(draft)), title=f"Consultation report: {draft.title}")
