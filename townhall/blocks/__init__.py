"""The block palette: the kinds of block a page is built from, and what is asked of a page's
blocks as a whole (publishing checks, links, images, plain text).

Each kind is one class (`kinds.py`, on `base.BlockKind`) that owns its form, stored value,
template, plain text and checks; the rest of the app asks a block's kind instead of
comparing its type. A revision stores each block as a dict: {"type": key, ...}.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .base import Block, BlockForm, BlockKind, LinkField, LiveForm, Problem, clean_link
from .kinds import (
    Around,
    CallToAction,
    Embed,
    Heading,
    Image,
    Links,
    News,
    Policies,
    Quote,
    Text,
    Workshops,
    embed_for,
)
from .starters import DESCRIPTIONS, STARTER_TEXTS, STARTERS, holds_starter_text

__all__ = [
    "DESCRIPTIONS",
    "PALETTE",
    "STARTERS",
    "STARTER_TEXTS",
    "Block",
    "BlockForm",
    "BlockKind",
    "LinkField",
    "LiveForm",
    "Problem",
    "clean_link",
    "embed_for",
    "feed_html",
    "holds_starter_text",
    "image_ids",
    "is_heading",
    "is_live",
    "kind_of",
    "live_kinds",
    "needs_rendering",
    "plain_text",
    "publishing_problems",
    "site_links",
    "with_rendered_text",
]

# Every kind, in the editor's order, by the key a stored block names it by.
PALETTE: dict[str, BlockKind] = {
    kind.key: kind
    for kind in (
        Heading(),
        Text(),
        Image(),
        CallToAction(),
        Quote(),
        Links(),
        Embed(),
        Workshops(),
        Policies(),
        News(),
        Around(),
    )
}


def kind_of(block: Any) -> BlockKind | None:
    """A stored block's kind; None for a type not (or no longer) known, shown as nothing."""
    key = block.get("type") if isinstance(block, dict) else None
    return PALETTE.get(key) if isinstance(key, str) else None


def live_kinds() -> list[str]:
    """The keys of the live kinds: blocks that show the site's current items."""
    return [kind.key for kind in PALETTE.values() if kind.live]


def is_live(block: Block) -> bool:
    kind = kind_of(block)
    return kind is not None and kind.live


def is_heading(block: Block) -> bool:
    """A block that is a heading of the page's own (not a live block's)."""
    kind = kind_of(block)
    return kind is not None and not kind.live and kind.heading_level(block) is not None


def site_links(blocks: list[Block]) -> set[str]:
    """Every address on this site (starting /) that the blocks link to."""
    return {
        url
        for block in blocks
        if (kind := kind_of(block)) is not None
        for url in kind.links(block)
        if url.startswith("/")
    }


def image_ids(blocks: Iterable[Block]) -> list[int]:
    """The site images the blocks show, in order."""
    return [pk for block in blocks if (kind := kind_of(block)) for pk in kind.image_ids(block)]


def plain_text(blocks: Iterable[Block]) -> str:
    """What the blocks say as plain text, a part a line (what search finds)."""
    return "\n".join(
        text for block in blocks if (kind := kind_of(block)) and (text := kind.plain_text(block))
    )


def feed_html(blocks: Iterable[Block]) -> str:
    """What the blocks put in a news feed's item, as sanitised HTML."""
    return "".join(kind.feed_html(block) for block in blocks if (kind := kind_of(block)))


def with_rendered_text(blocks: list[Block]) -> list[Block]:
    """The blocks with what each renders once (a text block's Markdown) stored beside it,
    for storing in a revision."""
    return [kind.rendered(block) if (kind := kind_of(block)) else block for block in blocks]


def needs_rendering(blocks: Iterable[Block]) -> bool:
    """Whether any block's stored rendering is missing or from an older renderer."""
    return any(kind.stale(block) for block in blocks if (kind := kind_of(block)))


def publishing_problems(
    blocks: list[Block], images: Mapping[int, Any], dead_links: Iterable[str] = ()
) -> list[Problem]:
    """Why a page cannot be published yet: what each block's kind finds (empty headings,
    skipped levels, images without alt text, starter text nobody has replaced), and links
    to no page of the site (`dead_links`, found by queries.dead_links)."""
    dead = set(dead_links)
    problems = []
    previous = 1  # the page title is the h1
    for number, block in enumerate(blocks, start=1):
        kind = kind_of(block)
        if kind is None:
            continue
        problems += kind.problems(number, block, previous=previous, images=images)
        problems += [
            Problem(
                number,
                f"the link {url} leads to no page of the site: choose one from "
                "the list, or publish that page first.",
            )
            for url in kind.links(block)
            if url in dead
        ]
        level = kind.heading_level(block)  # a live block carries its own second-level heading
        if level is not None:
            previous = level
    return problems
