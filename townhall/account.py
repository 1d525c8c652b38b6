"""A person's posts in residents' discussions, for their account page (the
`account_summary` hook): one query, however many they wrote."""

from __future__ import annotations

from django.utils import dateformat, timezone

from programme.account import SHOWN_PER_PART, Item, Part
from programme.models import User

from .models import Post


def _state(post: Post) -> str:
    if post.is_withdrawn:
        return "You withdrew it"
    if post.is_hidden:
        return "Hidden by a moderator"
    if post.is_pending:
        return "Waiting for an ambassador to approve it"
    return "Shown"


def parts(user: User) -> list[Part]:
    posts = list(
        Post.objects.filter(author=user)
        .select_related("discussion__site__pilot_site")
        .order_by("-created_at", "-pk")[: SHOWN_PER_PART + 1]
    )
    items = [
        Item(
            label=f"In “{post.discussion.title}”, {post.discussion.site.name}",
            url=post.get_absolute_url(),
            detail=(
                f"{dateformat.format(timezone.localtime(post.created_at), 'j F Y, H:i')}"
                f" · {_state(post)}"
            ),
        )
        for post in posts[:SHOWN_PER_PART]
    ]
    return [
        Part(
            title="Your discussion posts",
            items=items,
            empty="You have not posted in a discussion yet.",
            order=30,
            more=len(posts) > SHOWN_PER_PART,
        )
    ]
