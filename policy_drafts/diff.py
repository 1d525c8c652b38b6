"""What changed between two versions, section by section, words marked with <ins> and <del>."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Section

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """`new` with deleted words in <del> and inserted ones in <ins>; every word is escaped."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class SectionChange:
    key: str
    kind: str  # "added", "removed", "changed" or "unchanged"
    moved: bool
    heading: SafeString
    body: SafeString


def _moved_keys(old_order: Sequence[str], new_order: Sequence[str]) -> set[str]:
    """Keys whose place relative to the others changed: those outside the longest common order."""
    common_old = [k for k in old_order if k in set(new_order)]
    common_new = [k for k in new_order if k in set(old_order)]
    matcher = difflib.SequenceMatcher(None, common_old, common_new, autojunk=False)
    kept = {
        key
        for block in matcher.get_matching_blocks()
        for key in common_old[block.a : block.a + block.size]
    }
    return set(common_old) - kept


def compare(old: Sequence[Section], new: Sequence[Section]) -> list[SectionChange]:
    """The new version's sections in order, with removed sections after them."""
    old_by_key = {s.key: s for s in old}
    new_keys = [s.key for s in new]
    moved = _moved_keys([s.key for s in old], new_keys)
    changes = []
    for section in new:
        before = old_by_key.get(section.key)
        if before is None:
            changes.append(
                SectionChange(
                    section.key,
                    "added",
                    False,
                    word_diff("", section.heading),
                    word_diff("", section.body),
                )
            )
            continue
        same = before.heading == section.heading and before.body == section.body
        changes.append(
            SectionChange(
                section.key,
                "unchanged" if same else "changed",
                section.key in moved,
                word_diff(before.heading, section.heading),
                word_diff(before.body, section.body),
            )
        )
    for section in old:
        if section.key not in set(new_keys):
            changes.append(
                SectionChange(
                    section.key,
                    "removed",
                    False,
                    word_diff(section.heading, ""),
                    word_diff(section.body, ""),
                )
            )
    return changes
