"""What a person's account page lists as theirs: each app gives its parts through the
`account_summary` hook (programme.hooks), and the page shows them in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from . import hooks
from .models import Following

SHOWN_PER_PART = 10
"""Items a part lists at most; the rest are behind its "see all" link where it has one."""


@dataclass(frozen=True)
class Action:
    """A button beside an item that posts to an existing flow (which asks to confirm)."""

    label: str
    url: str


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    detail: str = ""  # one line under the label: a date, a status, what came of it
    action: Action | None = None


@dataclass(frozen=True)
class Part:
    """One section of the account page: a heading, the items, what it says when there are
    none, and where to see them all."""

    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""
    see_all_url: str = ""
    see_all_label: str = ""
    order: int = 0
    more: bool = False  # there are more than the items listed

    @property
    def key(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")


def following_part(user: Any) -> Part:
    """What the person follows, by name: one query for the followings and one for each kind
    of thing followed (a consultation, a discussion, a site's news). Their list, with how
    often each writes and a way to stop, is `following:mine`."""
    followings = list(
        Following.objects.filter(person=user, stopped_at__isnull=True)
        .select_related("content_type")
        .prefetch_related("target")
        .order_by("-created_at", "-pk")[: SHOWN_PER_PART + 1]
    )
    return Part(
        title="What you follow",
        items=[
            Item(
                label=str(following.target) if following.target else "Something no longer there",
                url="",
                detail=f"We write: {following.get_cadence_display().lower()}",
            )
            for following in followings[:SHOWN_PER_PART]
        ],
        empty="You follow nothing yet. Follow a consultation, a discussion or a site's news "
        "to hear what happens next.",
        see_all_url=reverse("following:mine"),
        see_all_label="What you follow, how often we write, and stopping it",
        order=50,
        more=len(followings) > SHOWN_PER_PART,
    )


def summary_of(user: Any) -> list[Part]:
    """Every app's parts for this person, and what they follow, in order; each reads in a
    fixed number of queries, so the page does too."""
    parts = [part for fn in hooks.account_summary.implementations() for part in fn(user)]
    return sorted([*parts, following_part(user)], key=lambda part: part.order)
