"""What a new page of each kind opens with, and the starter text nobody may publish."""

from __future__ import annotations

from typing import Any

STARTERS: dict[str, list[dict[str, Any]]] = {
    "standard": [
        {"type": "text", "markdown": "Write what this page is for, in a sentence or two."}
    ],
    "news": [
        {
            "type": "text",
            "markdown": "What happened, where and when, and why it matters to residents.",
        }
    ],
    "event": [
        {"type": "text", "markdown": "What the event is, who it is for, and how to get there."},
        {"type": "workshops"},
    ],
    "consultation": [
        {"type": "text", "markdown": "What the council is asking, and what can still change."},
        {"type": "policies"},
    ],
    "get_involved": [
        {
            "type": "text",
            "markdown": "Ways to take part, from a comment to becoming a community ambassador.",
        },
        {"type": "cta", "label": "Become a community ambassador", "url": "/ambassadors/apply/"},
    ],
}
# The starter lines a new page opens with: publishing refuses a page that still holds one.
STARTER_TEXTS = frozenset(
    block["markdown"] for blocks in STARTERS.values() for block in blocks if "markdown" in block
)


def holds_starter_text(markdown: str) -> bool:
    """Whether a starter line is still there, alone or with words typed before or after it
    (someone who clicked into it and typed without selecting it first)."""
    text = " ".join(markdown.split())
    return any(starter in text for starter in STARTER_TEXTS)


DESCRIPTIONS = {
    "standard": "Anything that does not fit the others.",
    "news": "Something that happened or is about to; it appears in the site's news and feed.",
    "event": "A date in the diary, with the site's upcoming workshops.",
    "consultation": "A question the council is asking, with the open policy drafts.",
    "get_involved": "Ways for residents to take part, from a comment to becoming an ambassador.",
}
