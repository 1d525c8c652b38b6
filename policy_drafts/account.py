"""A person's comments on consultations, for their account page (the `account_summary`
hook): one query, however many they made."""

from __future__ import annotations

from django.utils import dateformat, timezone

from programme.account import SHOWN_PER_PART, Item, Part
from programme.models import User

from . import queries
from .models import Comment


def _what_came_of_it(comment: Comment) -> str:
    if comment.is_withdrawn:
        return "You withdrew it"
    if comment.is_hidden:
        return "Hidden by a moderator"
    if getattr(comment, "answered", False):
        return "The owners answered"
    return "Not answered yet"


def parts(user: User) -> list[Part]:
    comments = queries.comments_by(user, SHOWN_PER_PART + 1)
    items = []
    for comment in comments[:SHOWN_PER_PART]:
        version = comment.section.version
        kind = "Your reply" if comment.parent_id else "Your comment"
        when = dateformat.format(timezone.localtime(comment.created_at), "j F Y")
        items.append(
            Item(
                label=f"{kind} on “{comment.section.heading}”, {version.draft.title}",
                url=comment.get_absolute_url(),
                detail=f"Version {version.number}, {when} · {_what_came_of_it(comment)}",
            )
        )
    return [
        Part(
            title="Your comments on consultations",
            items=items,
            empty="You have not commented on a consultation yet.",
            order=20,
            more=len(comments) > SHOWN_PER_PART,
        )
    ]
