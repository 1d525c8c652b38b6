"""What a site has to share now, for the share kit: each app names its own through the
`shareable` hook (the site itself and its news, upcoming public workshops, open
consultations), and the app that draws the pictures networks show adds them through
`shareable_previews`. Everything here is public: what anyone may read at the site.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from . import hooks
from .models import PilotSite

# The order the share kit lists them in.
KINDS = ("site", "workshop", "consultation", "news")


@dataclasses.dataclass(frozen=True)
class Shareable:
    """One public thing to share: what it is, where it is and the words a post is made of."""

    kind: str  # one of KINDS
    title: str
    path: str  # the page's own address on this server, without a query
    summary: str  # one line of why it matters, plain text
    lead: str = ""  # the words a post starts with: "Have your say on", "Come along to"
    when: str = ""  # when and where, or when comments close, plain text
    image_url: str = ""  # the picture a network shows for the link
    image_alt: str = ""
    poster_url: str = ""  # the printable poster's address, or ""
    # The item itself, for an app above that draws its picture (never shown or compared).
    subject: Any = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def kind_label(self) -> str:
        return {
            "site": "The site",
            "workshop": "Workshop",
            "consultation": "Consultation",
            "news": "News",
        }.get(self.kind, self.kind.title())


def things_to_share(site: PilotSite) -> list[Shareable]:
    """Everything each app has to share at `site` now, with the pictures, in KINDS order."""
    found: list[Shareable] = [item for fn in hooks.shareable.implementations() for item in fn(site)]
    for fn in hooks.shareable_previews.implementations():
        found = fn(site, found)
    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(found, key=lambda item: order.get(item.kind, len(KINDS)))


def trim(text: str, limit: int, measure: Callable[[str], int] = len) -> str:
    """`text` cut to `limit` (as `measure` counts) on a word boundary, ending in "…"; a
    first word longer than the limit is cut inside it."""
    text = " ".join(text.split())
    if measure(text) <= limit:
        return text
    # Every character counts at least one, so nothing past limit + 1 can stay (and a long
    # text is not measured word by word).
    words = text[: limit + 1].split(" ")
    while words:
        words.pop()
        kept = " ".join(words).rstrip(" ,;:.–—-")
        if kept and measure(f"{kept}…") <= limit:
            return f"{kept}…"
    cut = text[:limit]
    while cut and measure(f"{cut}…") > limit:
        cut = cut[:-1]
    return f"{cut}…" if cut else ""


def one_line(text: str, length: int = 160) -> str:
    """The first paragraph of some plain text, on one line, at most `length` characters."""
    first = next((part for part in text.split("\n\n") if part.strip()), "")
    return trim(first, length)
