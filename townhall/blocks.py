"""The block palette: what each block holds, how it is checked, and the checks before publishing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django import forms

from programme.forms import CrispyMixin
from programme.markdown import render_markdown
from programme.uploads import SafeImageFormField


def clean_link(value: str) -> str:
    """A link a block may hold: an address on this site ("/sites/kirklees/discussions/")
    or an http(s) web address; nothing else (no javascript:, no //elsewhere)."""
    value = value.strip()
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        if re.fullmatch(r"/[^\s<>\"']*", value):
            return value
        raise forms.ValidationError("Enter an address on this site, like /sites/kirklees/news/.")
    refused = forms.ValidationError(
        "Enter a web address starting https://, or an address on this site starting /."
    )
    if value.startswith("//"):
        raise refused  # another site without saying so
    try:
        url = forms.URLField(assume_scheme="https").clean(value)
    except forms.ValidationError as error:
        raise refused from error
    if urlsplit(url).scheme not in ("http", "https"):
        raise refused
    return url


class LinkField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return clean_link(value) if value else value


class BlockForm(forms.Form):
    """A block kind's form, and how its blocks go to and from what a revision stores."""

    @classmethod
    def stored(cls, key: str, data: dict[str, Any]) -> dict[str, Any]:
        """The block to store, from the form's cleaned data (images are stored by save_page)."""
        return {"type": key, **data}

    @classmethod
    def values(cls, block: dict[str, Any]) -> dict[str, Any]:
        """A stored block as the values its form shows in the editor."""
        return {name: block[name] for name in cls.base_fields if name in block}

    @classmethod
    def links(cls, block: dict[str, Any]) -> list[str]:
        """The addresses a stored block links to (checked before publishing)."""
        return []


class HeadingForm(CrispyMixin, BlockForm):
    text = forms.CharField(label="Heading", max_length=200)
    level = forms.TypedChoiceField(
        label="Level", coerce=int, choices=[(2, "Heading"), (3, "Subheading"), (4, "Minor heading")]
    )


class TextForm(CrispyMixin, BlockForm):
    markdown = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text="A blank line starts a new paragraph. Formatting help is below.",
    )


class ImageForm(CrispyMixin, BlockForm):
    # Checked before publishing (a draft may wait for it), so not marked "(optional)".
    not_optional = ("alt_text",)

    file = SafeImageFormField(
        label="Image",
        help_text="JPEG, PNG or GIF, up to 5 MB and 16 million pixels (4,000 × 4,000).",
    )
    alt_text = forms.CharField(
        label="Alternative text (required unless the image is decorative)",
        max_length=300,
        required=False,
        help_text="What the image shows, for people who cannot see it.",
    )
    decorative = forms.BooleanField(
        label="This image is decorative (adds nothing a screen reader user needs)", required=False
    )
    caption = forms.CharField(max_length=300, required=False)

    @classmethod
    def values(cls, block: dict[str, Any]) -> dict[str, Any]:
        # The picture itself is the block's image_id; its words are the image's own.
        return {"caption": block.get("caption", "")}


class CallToActionForm(CrispyMixin, BlockForm):
    label = forms.CharField(label="Button text", max_length=100)
    url = LinkField(
        label="Link",
        widget=forms.TextInput(attrs={"list": "site-links", "autocomplete": "off"}),
        help_text="A page of this site (start typing /sites/…, or choose from the list) or a web "
        "address starting https://.",
    )

    @classmethod
    def links(cls, block: dict[str, Any]) -> list[str]:
        return [str(block.get("url", ""))]


class QuoteForm(CrispyMixin, BlockForm):
    text = forms.CharField(label="Quote", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    cite = forms.CharField(label="Who said it", max_length=200, required=False)


class LinksForm(CrispyMixin, BlockForm):
    lines = forms.CharField(
        label="Links",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="One a line: the words, a |, then the address (a page of this site, or "
        "https://…). E.g. Library opening times | /sites/kirklees/library/",
    )

    def clean_lines(self) -> list[dict[str, str]]:
        links = []
        for number, line in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not line.strip():
                continue
            label, _, url = line.partition("|")
            if not (label.strip() and url.strip()):
                raise forms.ValidationError(
                    f"Line {number} needs the words, a |, then the web address."
                )
            try:
                links.append({"label": label.strip(), "url": clean_link(url)})
            except forms.ValidationError as error:
                raise forms.ValidationError(f"Line {number}: {error.messages[0]}") from error
        return links

    @classmethod
    def stored(cls, key: str, data: dict[str, Any]) -> dict[str, Any]:
        return {"type": key, "links": data["lines"]}

    @classmethod
    def values(cls, block: dict[str, Any]) -> dict[str, Any]:
        lines = "\n".join(f"{link['label']} | {link['url']}" for link in block.get("links", []))
        return {"lines": lines}

    @classmethod
    def links(cls, block: dict[str, Any]) -> list[str]:
        return [str(link.get("url", "")) for link in block.get("links", [])]


# The media hosts a page may embed, and the privacy-minded player address for each.
# Nothing else is framed: editors give a web address, never HTML.
def embed_for(url: str) -> dict[str, str] | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video = ""
    if host == "youtu.be":
        video = parts.path.strip("/")
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/")):
            video = parts.path.split("/")[2]
    if video and re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video):
        return {"provider": "YouTube", "src": f"https://www.youtube-nocookie.com/embed/{video}"}
    if host in ("vimeo.com", "player.vimeo.com"):
        number = parts.path.strip("/").split("/")[-1]
        if number.isdigit():
            return {"provider": "Vimeo", "src": f"https://player.vimeo.com/video/{number}?dnt=1"}
    return None


class EmbedForm(CrispyMixin, BlockForm):
    url = forms.URLField(
        label="Video address",
        max_length=500,
        help_text="A YouTube or Vimeo link. Visitors choose to load it: until then, the video's "
        "host sets no cookies and learns nothing of them.",
    )
    title = forms.CharField(
        label="What the video is", max_length=200, help_text="Read out by screen readers."
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if embed_for(url) is None:
            raise forms.ValidationError("Give a YouTube or Vimeo video link.")
        return url

    @classmethod
    def stored(cls, key: str, data: dict[str, Any]) -> dict[str, Any]:
        # The player address is worked out once, when saved, from the link given.
        return {
            "type": key,
            "url": data["url"],
            "title": data["title"],
            **(embed_for(data["url"]) or {}),
        }


class LiveForm(BlockForm):
    """Live blocks have nothing to fill in: they show the site's current items."""


@dataclass(frozen=True)
class BlockType:
    key: str
    label: str
    form: type[BlockForm]
    live: bool = False

    def stored(self, data: dict[str, Any]) -> dict[str, Any]:
        return self.form.stored(self.key, data)

    def values(self, block: dict[str, Any]) -> dict[str, Any]:
        return self.form.values(block)

    def links(self, block: dict[str, Any]) -> list[str]:
        return self.form.links(block)

    def words(self, values: dict[str, Any]) -> str:
        """What a block of this kind says, from its form's values, as one line of plain text
        (to set two versions side by side)."""
        if self.live:
            return self.label
        said = [
            str(value).strip()
            for name, value in values.items()
            if name not in ("level", "decorative") and isinstance(value, str) and value.strip()
        ]
        return " · ".join(said)


PALETTE = {
    block.key: block
    for block in (
        BlockType("heading", "Heading", HeadingForm),
        BlockType("text", "Text", TextForm),
        BlockType("image", "Image", ImageForm),
        BlockType("cta", "Call to action", CallToActionForm),
        BlockType("quote", "Quote", QuoteForm),
        BlockType("links", "List of links", LinksForm),
        BlockType("embed", "Video (YouTube or Vimeo)", EmbedForm),
        BlockType("workshops", "Upcoming workshops (live)", LiveForm, live=True),
        BlockType("policies", "Open policy drafts (live)", LiveForm, live=True),
        BlockType("news", "Latest news (live)", LiveForm, live=True),
        BlockType("around", "Around the web: local feeds (live)", LiveForm, live=True),
    )
}


@dataclass(frozen=True)
class Problem:
    """Why a page cannot be published yet, and the block to fix (numbered from 1)."""

    block: int
    text: str

    def __str__(self) -> str:
        return f"Block {self.block}: {self.text}"


def site_links(blocks: list[dict[str, Any]]) -> set[str]:
    """Every address on this site (starting /) that the blocks link to."""
    return {
        url
        for block in blocks
        if block.get("type") in PALETTE
        for url in PALETTE[block["type"]].links(block)
        if url.startswith("/")
    }


def _heading_problems(number: int, block: dict[str, Any], previous: int) -> list[Problem]:
    level = int(block.get("level", 2))
    problems = []
    if not str(block.get("text", "")).strip():
        problems.append(Problem(number, "the heading is empty."))
    if level > previous + 1:
        problems.append(
            Problem(number, f"the heading skips a level (from level {previous} to {level}).")
        )
    return problems


def _image_problems(number: int, block: dict[str, Any], images: dict[int, Any]) -> list[Problem]:
    image_id = block.get("image_id")
    image = images.get(image_id) if isinstance(image_id, int) else None
    if image is None:
        return [Problem(number, "the image is missing.")]
    if not image.decorative and not image.alt_text.strip():
        return [Problem(number, "the image needs alternative text, or to be marked decorative.")]
    return []


def publishing_problems(
    blocks: list[dict[str, Any]], images: dict[int, Any], dead_links: Iterable[str] = ()
) -> list[Problem]:
    """Why a page cannot be published yet: empty headings, skipped levels, images without
    alt text, starter text nobody has replaced, and links to no page of the site
    (`dead_links`, found by queries.dead_links)."""
    dead = set(dead_links)
    problems = []
    previous = 1  # the page title is the h1
    for number, block in enumerate(blocks, start=1):
        if block.get("type") == "heading":
            problems += _heading_problems(number, block, previous)
            previous = int(block.get("level", 2))
        kind = PALETTE.get(block.get("type", ""))
        if kind is not None and kind.live:
            previous = 2  # a live block carries its own second-level heading
        if block.get("type") == "text" and holds_starter_text(block.get("markdown", "")):
            problems.append(Problem(number, "it still holds the starter text: write your own."))
        if kind is not None:
            problems += [
                Problem(
                    number,
                    f"the link {url} leads to no page of the site: choose one from "
                    "the list, or publish that page first.",
                )
                for url in kind.links(block)
                if url in dead
            ]
        if block.get("type") == "image":
            problems += _image_problems(number, block, images)
    return problems


def with_rendered_text(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The blocks with each text block's Markdown rendered beside it, for storing in a revision."""
    return [
        {**block, "html": render_markdown(block.get("markdown"))}
        if block.get("type") == "text"
        else block
        for block in blocks
    ]


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
    block["markdown"]
    for blocks in STARTERS.values()
    for block in blocks
    if block.get("type") == "text"
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
