"""Finding a quoted passage in a section, and finding it again in a later version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

CONTEXT = 40  # characters kept either side of a quote, to tell repeated passages apart


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    prefix: str
    suffix: str


def _anchor_at(body: str, start: int, length: int) -> Anchor:
    end = start + length
    return Anchor(start, end, body[max(0, start - CONTEXT) : start], body[end : end + CONTEXT])


def anchor_quote(body: str, quote: str, near: int | None = None) -> Anchor | None:
    """Where `quote` stands in `body` (the occurrence nearest `near` if it appears more than once).

    People quote what they read, the rendered text, while `body` is Markdown: a passage
    across `**bold**`, a link or two list items is found too, and the anchor then covers
    the source text, so `body[start:end]` is what later versions are searched for.
    """
    if not quote:
        return None
    spans = [(start, start + len(quote)) for start in _occurrences(body, quote)]
    spans = spans or _as_read(body, quote)
    if not spans:
        return None
    start, end = min(spans, key=lambda s: abs(s[0] - near)) if near is not None else spans[0]
    return _anchor_at(body, start, end - start)


# What Markdown adds around the words people read: emphasis, code and link brackets,
# quote and heading marks; a link's address; a list item's bullet or number.
_MARKS = frozenset("*_`~[]>#")
_LINK_ADDRESS = re.compile(r"\]\([^)\s]*\)")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+", re.MULTILINE)


def as_read(text: str) -> str:
    """Markdown as a reader sees its words: "**hide** [it](/x)" reads "hide it"."""
    return _reading(text)[0].strip()


def _reading(body: str) -> tuple[str, list[int]]:
    """The words read, and where each of their characters stands in `body`."""
    hidden = bytearray(len(body))
    for pattern in (_LINK_ADDRESS, _LIST_MARKER):
        for match in pattern.finditer(body):
            hidden[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    seen: list[str] = []
    source: list[int] = []
    after_space = True
    for index, char in enumerate(body):
        if hidden[index] or char in _MARKS:
            continue
        if char.isspace():
            if after_space:
                continue
            char, after_space = " ", True
        else:
            after_space = False
        seen.append(char)
        source.append(index)
    return "".join(seen), source


def _as_read(body: str, quote: str) -> list[tuple[int, int]]:
    """Spans of `body` that read as `quote` once Markdown's marks are left out.

    Both are projected to the words a reader sees (marks dropped, spaces collapsed) and
    matched with `str.find`, so the search stays linear whatever anyone types.
    """
    wanted = " ".join("".join(c for c in quote if c not in _MARKS).split())
    if not wanted:
        return []
    read, source = _reading(body)
    return [(source[at], source[at + len(wanted) - 1] + 1) for at in _occurrences(read, wanted)]


_BLOCK_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+)")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)]*\s+")
MOST_SENTENCES = 300


@lru_cache(maxsize=512)
def sentences(body: str) -> tuple[str, ...]:
    """The sentences of a section as read, for choosing a passage without a mouse: each
    paragraph, heading or list item split after a full stop, question or exclamation mark.
    Each one is found again by `anchor_quote`."""
    found = []
    for block in _BLOCK_BREAK.split(body):
        found += [part for part in _SENTENCE_BREAK.split(as_read(block)) if part.strip()]
    return tuple(found[:MOST_SENTENCES])


def reanchor(body: str, quote: str, prefix: str, suffix: str) -> Anchor | None:
    """Find a passage again in a later text: the occurrence whose context matches best, or None if gone."""
    starts = _occurrences(body, quote)
    if not starts:
        return None

    def fit(start: int) -> int:
        before = body[max(0, start - len(prefix)) : start]
        after = body[start + len(quote) : start + len(quote) + len(suffix)]
        return _common_suffix(before, prefix) + _common_prefix(after, suffix)

    return _anchor_at(body, max(starts, key=fit), len(quote))


def locate_exactly(body: str, quote: str, prefix: str, suffix: str, near: int | None) -> int | None:
    """Where the anchored passage stands unchanged: the quote with exactly the same text
    either side (the one nearest `near` if that still repeats), or None if it changed."""
    starts = [
        start
        for start in _occurrences(body, quote)
        if body[max(0, start - len(prefix)) : start] == prefix
        and body[start + len(quote) : start + len(quote) + len(suffix)] == suffix
    ]
    if not starts:
        return None
    return min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]


def _occurrences(body: str, quote: str) -> list[int]:
    found, start = [], body.find(quote)
    while start != -1:
        found.append(start)
        start = body.find(quote, start + 1)
    return found


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
