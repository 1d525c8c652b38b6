"""What changed between two versions, section by section, words marked with <ins> and <del>.

A change is looked for in finer and finer units: the lines of a section, then the
sentences of the lines that changed, their clauses, then the words of the clauses that
changed. Each step gives difflib a few units rather than the whole section, so an
ordinary edit costs little however long the section is.

difflib's search for the longest match visits, for each unit of the old text, every
place that unit has in the new one; on text that repeats a few words it does that again
at every one of many levels (a section repeating 1,500 words took 10 seconds). So the
work is counted before each search (`Budget`), one budget for a whole comparison: once
spent, what is left unmatched is shown as removed and added whole. The result always
reads as the new text with what was removed in <del> and what was added in <ins>; only
how finely it is marked can change.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Section

# Steps of difflib's search (places visited) one comparison may take: about 40 ms here.
MAX_STEPS = 200_000

# Lines, sentences, clauses, words (each with the spaces before it): each splits a text
# whole, into pieces that join up to it again.
_UNITS = (
    re.compile(r"[^\n]*\n|[^\n]+"),
    re.compile(r"[^.!?]*[.!?]+\s*|[^.!?]+"),
    re.compile(r"[^,;:]*[,;:]+\s*|[^,;:]+"),
    re.compile(r"\s*\S+|\s+"),
)

Opcode = tuple[str, int, int, int, int]


class _Spent(Exception):
    pass


class Budget:
    """What is left of the steps one comparison may take."""

    def __init__(self, steps: int = MAX_STEPS) -> None:
        self.left = steps

    def spend(self, steps: int) -> None:
        if steps > self.left:
            raise _Spent  # the search is not made; smaller ones may still be
        self.left -= steps


class _BoundedMatcher(difflib.SequenceMatcher[str]):
    """difflib's matcher, paying for each search for a longest match before it starts.

    A search over a[alo:ahi] visits at most, for each unit there, every place of that unit
    in b; those counts are summed once, so each search's price is known in one step."""

    def __init__(self, a: Sequence[str], b: Sequence[str], budget: Budget) -> None:
        super().__init__(None, a, b, autojunk=False)
        places = Counter(b)  # without junk, as many places as difflib's index of b holds
        self._price = list(itertools.accumulate((places[unit] for unit in a), initial=0))
        self._budget = budget

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        ahi = len(self._price) - 1 if ahi is None else ahi
        self._budget.spend(1 + self._price[ahi] - self._price[alo])
        return super().find_longest_match(alo, ahi, blo, bhi)


def _opcodes(a: Sequence[str], b: Sequence[str], budget: Budget) -> list[Opcode]:
    """difflib's opcodes for a and b, the same start and end taken off first; when the
    budget runs out, what lies between them is one replacement."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a_end, b_end = len(a) - end, len(b) - end
    middle: list[Opcode] = []
    if start < a_end or start < b_end:
        try:
            matcher = _BoundedMatcher(a[start:a_end], b[start:b_end], budget)
            middle = [
                (op, a1 + start, a2 + start, b1 + start, b2 + start)
                for op, a1, a2, b1, b2 in matcher.get_opcodes()
            ]
        except _Spent:
            middle = [("replace", start, a_end, start, b_end)]
    codes: list[Opcode] = []
    if start:
        codes.append(("equal", 0, start, 0, start))
    codes += middle
    if end:
        codes.append(("equal", a_end, len(a), b_end, len(b)))
    return codes


def _marked(old: str, new: str, level: int, budget: Budget) -> Iterator[str]:
    a, b = _UNITS[level].findall(old), _UNITS[level].findall(new)
    for op, a1, a2, b1, b2 in _opcodes(a, b, budget):
        removed, added = "".join(a[a1:a2]), "".join(b[b1:b2])
        if op == "equal":
            yield escape(added)
        elif removed and added and level + 1 < len(_UNITS):
            yield from _marked(removed, added, level + 1, budget)
        else:
            if removed:
                yield f"<del>{escape(removed)}</del>"
            if added:
                yield f"<ins>{escape(added)}</ins>"


def word_diff(old: str, new: str, budget: Budget | None = None) -> SafeString:
    """`new` with deleted words in <del> and inserted ones in <ins>; every word is escaped.
    Pass one `budget` to every diff of a comparison to bound its work as a whole."""
    return mark_safe("".join(_marked(old, new, 0, budget or Budget())))  # noqa: S308 (each word escaped)


@dataclass(frozen=True)
class SectionChange:
    key: str
    kind: str  # "added", "removed", "changed" or "unchanged"
    moved: bool
    heading: SafeString
    body: SafeString


def _moved_keys(old_order: Sequence[str], new_order: Sequence[str]) -> set[str]:
    """Keys whose place relative to the others changed: those outside the longest run of
    kept sections still in their old order (a longest increasing subsequence of their old
    places, found in n log n steps: keys are unique within a version)."""
    old_place = {key: n for n, key in enumerate(old_order)}
    common = [key for key in new_order if key in old_place]
    tails: list[int] = []  # tails[k]: the smallest old place ending an ordered run of k + 1
    tail_at: list[int] = []  # where in `common` that run ends
    before: list[int] = []  # the previous key of the best run ending at each key
    for n, key in enumerate(common):
        k = bisect.bisect_left(tails, old_place[key])
        before.append(tail_at[k - 1] if k else -1)
        if k == len(tails):
            tails.append(old_place[key])
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = old_place[key], n
    kept = set()
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        kept.add(common[n])
        n = before[n]
    return set(common) - kept


def compare(old: Sequence[Section], new: Sequence[Section]) -> list[SectionChange]:
    """The new version's sections in order, with removed sections after them. The words of
    the whole comparison share one `Budget`."""
    budget = Budget()
    old_by_key = {s.key: s for s in old}
    new_keys = {s.key for s in new}
    moved = _moved_keys([s.key for s in old], [s.key for s in new])
    changes = []
    for section in new:
        before = old_by_key.get(section.key)
        if before is None:
            changes.append(
                SectionChange(
                    section.key,
                    "added",
                    False,
                    word_diff("", section.heading, budget),
                    word_diff("", section.body, budget),
                )
            )
            continue
        same = before.heading == section.heading and before.body == section.body
        changes.append(
            SectionChange(
                section.key,
                "unchanged" if same else "changed",
                section.key in moved,
                word_diff(before.heading, section.heading, budget),
                word_diff(before.body, section.body, budget),
            )
        )
    for section in old:
        if section.key not in new_keys:
            changes.append(
                SectionChange(
                    section.key,
                    "removed",
                    False,
                    word_diff(section.heading, "", budget),
                    word_diff(section.body, "", budget),
                )
            )
    return changes
