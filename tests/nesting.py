"""How deeply HTML is nested, and nh3 watched for HTML nested deeper than a rendering keeps.

nh3's time grows with the square of nesting (30,000 nested quotes took it four seconds),
so what the tests check is the depth nh3 is given, not how long it took.
"""

from __future__ import annotations

import re

import nh3

from programme.platform.markdown import MAX_DEPTH

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_VOID = {"br", "hr", "img", "wbr", "input", "meta", "link", "area", "base", "col", "source"}


def deepest(markup: str) -> int:
    depth = deepest_seen = 0
    for tag in _TAG.finditer(markup):
        if tag.group(2).lower() in _VOID:
            continue
        depth += -1 if tag.group(1) else 1
        deepest_seen = max(deepest_seen, depth)
    return deepest_seen


def watch_nh3(monkeypatch, limit: int = MAX_DEPTH) -> list[int]:
    """The depth of every HTML nh3 cleans from now on; nh3 is refused (AssertionError) any
    HTML nested deeper than `limit`, before it starts."""
    clean = nh3.clean
    depths: list[int] = []

    def watched(html: str, *args, **kwargs):
        depths.append(deepest(html))
        assert depths[-1] <= limit, f"nh3 was given HTML nested {depths[-1]} deep"
        return clean(html, *args, **kwargs)

    monkeypatch.setattr(nh3, "clean", watched)
    return depths
