"""Finding a quoted passage in a section, and finding it again in a later version."""

from __future__ import annotations

from dataclasses import dataclass

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
    """Where `quote` stands in `body` (the occurrence nearest `near` if it appears more than once)."""
    if not quote:
        return None
    starts = _occurrences(body, quote)
    if not starts:
        return None
    start = min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]
    return _anchor_at(body, start, len(quote))


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
