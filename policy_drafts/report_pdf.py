"""The consultation report: counts by capacity and stance, then the comments by section,
as a PDF and as its web version (the same blocks, see programme/documents.py)."""

from __future__ import annotations

from collections.abc import Iterator

from programme.documents import Block, Grid, Heading, Text, to_pdf

from . import queries
from .models import Comment, PolicyDraft


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


def _comment(comment: Comment) -> list[Block]:
    about = comment.capacity_label
    if comment.stance:
        about += f" · {comment.get_stance_display()}"
    parts: list[Block] = [Text(about, lead=f"{comment.author.public_name},", small=True)]
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
    parts += [Text(r.body, lead="Response:", small=True) for r in comment.responses.all()]
    return parts


def report(draft: PolicyDraft) -> Iterator[Block]:
    """The report's blocks, one comment at a time (a big consultation has tens of thousands)."""
    yield Heading(f"Consultation report: {draft.title}", 0)
    yield Text(f"{draft.scope_label} · {draft.get_status_display()}")
    yield Heading("All comments by capacity and stance", 1)
    yield from _counts(queries.summary(draft))
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
        yield from _comment(comment)
    if current is None:
        yield Text("No comments have been made.")


def build(draft: PolicyDraft) -> bytes:
    return to_pdf(list(report(draft)), title=f"Consultation report: {draft.title}")
