"""You said, we did: when a draft is adopted or closed, each person who commented on it hears
what came of what they said, in one email: each comment, and the owners' answer, the fate
of its suggested change, or that it was not answered. Sent by the worker."""

from __future__ import annotations

from itertools import groupby

from django.db import transaction

from programme import following
from programme.models import Following, User

from ..models import Comment, PolicyDraft, SuggestionStatus

EXCERPT = 160


def commenters(draft: PolicyDraft) -> list[User]:
    """Everyone whose comment on the draft is shown: told personally, not by the general notice."""
    return list(
        User.objects.filter(
            pk__in=Comment.objects.top_level()
            .shown()
            .filter(section__version__draft=draft)
            .values("author")
        )
    )


def _fate(comment: Comment) -> str:
    answers = [response.body for response in comment.responses.all()]
    if answers:
        return "The owners answered: " + " / ".join(answers)
    if comment.suggestion_status == SuggestionStatus.ACCEPTED:
        return "Your suggested change was made."
    if comment.suggestion_status == SuggestionStatus.DECLINED:
        reason = f" Their reason: {comment.suggestion_reason}" if comment.suggestion_reason else ""
        return f"Your suggested change was not made.{reason}"
    return "The owners did not answer this one."


def tell_the_outcome(draft_id: int, headline: str) -> int:
    """The worker: one email to each commenter who still follows the draft; how many."""
    draft = PolicyDraft.objects.get(pk=draft_id)
    comments = (
        Comment.objects.top_level()
        .shown()
        .filter(section__version__draft=draft)
        .select_related("author", "section__version")
        .prefetch_related("responses")
        .order_by("author_id", "created_at", "pk")
    )
    followings = {
        f.person_id: f for f in Following.objects.active().of(draft).filter(person__isnull=False)
    }
    told = 0
    for author_id, theirs in groupby(comments, key=lambda c: c.author_id):
        found = followings.get(author_id)
        said = list(theirs)
        if found is None or not said[0].author.is_confirmed:
            continue  # they stopped following it, or their address is not confirmed
        with transaction.atomic():
            following.tell_personally(
                found,
                subject=headline,
                template="policy_drafts/email/outcome.txt",
                context={
                    "headline": headline,
                    "person": said[0].author,
                    "url": following.absolute(draft.get_absolute_url()),
                    "said": [
                        {
                            "heading": c.section.heading,
                            "version": c.section.version.number,
                            "excerpt": c.body[:EXCERPT] + ("…" if len(c.body) > EXCERPT else ""),
                            "fate": _fate(c),
                            "url": following.absolute(c.get_absolute_url()),
                        }
                        for c in said
                    ],
                },
            )
        told += 1
    return told
