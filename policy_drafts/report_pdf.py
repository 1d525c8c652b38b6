"""The consultation report as a PDF: counts by capacity and stance, then the comments by section."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from programme.pdf import BODY, SMALL, Heading, escape, para, render, table

from . import queries
from .models import Comment, PolicyDraft


def _counts(summary: queries.Summary) -> list[Flowable]:
    if not summary.total:
        return [para("No comments.")]
    rows = [
        [
            capacity,
            *[summary.by_capacity_stance.get((capacity, stance), 0) for stance in summary.stances],
        ]
        for capacity in summary.capacities
    ]
    return [table(["Capacity", *summary.stances], rows)]


def _comment(comment: Comment) -> list[Flowable]:
    line = f"<b>{escape(comment.author.public_name)}</b>, {escape(comment.capacity_label)}"
    if comment.stance:
        line += f" · {escape(comment.get_stance_display())}"
    parts: list[Flowable] = [Paragraph(line, SMALL)]
    if comment.quote:
        parts.append(para(f"“{comment.quote}”", SMALL))
    if comment.is_hidden:
        parts.append(para("[Hidden by a moderator]"))
    else:
        parts.append(
            para(("[Withdrawn by its author] " if comment.is_withdrawn else "") + comment.body)
        )
    if comment.suggestion:
        parts.append(
            para(
                f"Suggested: “{comment.suggestion}” ({comment.get_suggestion_status_display()})",
                SMALL,
            )
        )
    parts += [
        Paragraph(f"<i>Response:</i> {escape(r.body)}", SMALL) for r in comment.responses.all()
    ]
    return [*parts, Spacer(0, 2 * mm)]


def build(draft: PolicyDraft) -> bytes:
    story: list[Flowable] = [
        Heading(f"Consultation report: {draft.title}", 0),
        para(f"{draft.scope_label} · {draft.get_status_display()}"),
        Heading("All comments by capacity and stance", 1),
        *_counts(queries.summary(draft)),
    ]
    comments = (
        Comment.objects.filter(section__version__draft=draft)
        .select_related("author", "section__version")
        .prefetch_related("responses")
        .order_by("section__version__number", "section__position", "created_at")
    )
    current = None
    for comment in comments.iterator(chunk_size=2000):
        section = comment.section
        if section.pk != current:
            current = section.pk
            story.append(Heading(f"Version {section.version.number}: {section.heading}", 1))
            story += _counts(queries.summary(draft, section=section))
        story += _comment(comment)
    if current is None:
        story.append(Paragraph("No comments have been made.", BODY))
    return render(story, title=f"Consultation report: {draft.title}")
