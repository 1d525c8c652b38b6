"""The block kinds a page is built from, each one class: its form, stored value, template,
plain text and checks. `PALETTE` (in __init__) lists them in the editor's order."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django import forms

from programme.forms import CrispyMixin
from programme.platform.markdown import is_current, render_markdown, show_html
from programme.platform.uploads import SafeImageFormField

from .base import Block, BlockForm, BlockKind, LinkField, Problem, clean_link
from .starters import holds_starter_text


def said(*parts: Any) -> str:
    """The parts of a block that say something, a line each."""
    return "\n".join(str(part) for part in parts if part)


class Heading(BlockKind):
    key = "heading"
    label = "Heading"
    template = "townhall/blocks/heading.html"
    settings = ("level",)

    class Form(CrispyMixin, BlockForm):
        text = forms.CharField(label="Heading", max_length=200)
        level = forms.TypedChoiceField(
            label="Level",
            coerce=int,
            choices=[(2, "Heading"), (3, "Subheading"), (4, "Minor heading")],
        )

    form = Form

    def initial(self) -> dict[str, Any]:
        return {"level": 2}

    def plain_text(self, block: Block) -> str:
        return said(block.get("text"))

    def heading_level(self, block: Block) -> int:
        return int(block.get("level", 2))

    def problems(
        self, number: int, block: Block, *, previous: int, images: Mapping[int, Any]
    ) -> list[Problem]:
        level = self.heading_level(block)
        problems = []
        if not str(block.get("text", "")).strip():
            problems.append(Problem(number, "the heading is empty."))
        if level > previous + 1:
            problems.append(
                Problem(number, f"the heading skips a level (from level {previous} to {level}).")
            )
        return problems


class Text(BlockKind):
    key = "text"
    label = "Text"
    template = "townhall/blocks/text.html"
    help_template = "townhall/partials/_markdown_help.html"

    class Form(CrispyMixin, BlockForm):
        markdown = forms.CharField(
            label="Text",
            widget=forms.Textarea(attrs={"rows": 6}),
            max_length=20000,
            help_text="A blank line starts a new paragraph. Formatting help is below.",
        )

    form = Form

    def rendered(self, block: Block) -> Block:
        # The Markdown is rendered once, when saved, and its HTML stored beside it.
        return {**block, "html": render_markdown(block.get("markdown"))}

    def stale(self, block: Block) -> bool:
        return bool(block.get("markdown")) and not is_current(block.get("html"))

    def plain_text(self, block: Block) -> str:
        return said(block.get("markdown"))

    def feed_html(self, block: Block) -> str:
        return show_html(block.get("html"), block.get("markdown"))

    def problems(
        self, number: int, block: Block, *, previous: int, images: Mapping[int, Any]
    ) -> list[Problem]:
        if holds_starter_text(block.get("markdown", "")):
            return [Problem(number, "it still holds the starter text: write your own.")]
        return []


class Image(BlockKind):
    """A picture from the site's library. Its alternative text and whether it is decorative
    are the image's own (kept on the SiteImage); the block holds its id and a caption."""

    key = "image"
    label = "Image"
    template = "townhall/blocks/image.html"
    takes_image = True
    settings = ("decorative",)

    class Form(CrispyMixin, BlockForm):
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
            label="This image is decorative (adds nothing a screen reader user needs)",
            required=False,
        )
        caption = forms.CharField(max_length=300, required=False)

    form = Form

    def stored(self, data: dict[str, Any]) -> Block:
        # What the editor hands save_page, which keeps the words on the image.
        return {
            "type": self.key,
            "image_id": data["image_id"],
            "caption": data["caption"],
            "alt_text": data["alt_text"],
            "decorative": data["decorative"],
        }

    def values(self, block: Block) -> dict[str, Any]:
        # The picture itself is the block's image_id; its words are the image's own.
        return {"caption": block.get("caption", "")}

    def stored_with_image(self, block: Block, image_id: int) -> Block:
        return {"type": self.key, "image_id": image_id, "caption": block.get("caption", "")}

    def image_ids(self, block: Block) -> list[int]:
        image_id = block.get("image_id")
        return [image_id] if image_id else []

    def plain_text(self, block: Block) -> str:
        return said(block.get("caption"))

    def problems(
        self, number: int, block: Block, *, previous: int, images: Mapping[int, Any]
    ) -> list[Problem]:
        image_id = block.get("image_id")
        image = images.get(image_id) if isinstance(image_id, int) else None
        if image is None:
            return [Problem(number, "the image is missing.")]
        if not image.decorative and not image.alt_text.strip():
            return [
                Problem(number, "the image needs alternative text, or to be marked decorative.")
            ]
        return []


class CallToAction(BlockKind):
    key = "cta"
    label = "Call to action"
    template = "townhall/blocks/cta.html"

    class Form(CrispyMixin, BlockForm):
        label = forms.CharField(label="Button text", max_length=100)
        url = LinkField(
            label="Link",
            widget=forms.TextInput(attrs={"list": "site-links", "autocomplete": "off"}),
            help_text="A page of this site (start typing /sites/…, or choose from the list) or "
            "a web address starting https://.",
        )

    form = Form

    def links(self, block: Block) -> list[str]:
        return [str(block.get("url", ""))]

    def plain_text(self, block: Block) -> str:
        return said(block.get("label"))


class Quote(BlockKind):
    key = "quote"
    label = "Quote"
    template = "townhall/blocks/quote.html"

    class Form(CrispyMixin, BlockForm):
        text = forms.CharField(
            label="Quote", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
        )
        cite = forms.CharField(label="Who said it", max_length=200, required=False)

    form = Form

    def plain_text(self, block: Block) -> str:
        return said(block.get("text"), block.get("cite"))


class Links(BlockKind):
    key = "links"
    label = "List of links"
    template = "townhall/blocks/links.html"

    class Form(CrispyMixin, BlockForm):
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

    form = Form

    def stored(self, data: dict[str, Any]) -> Block:
        return {"type": self.key, "links": data["lines"]}

    def values(self, block: Block) -> dict[str, Any]:
        lines = "\n".join(f"{link['label']} | {link['url']}" for link in block.get("links", []))
        return {"lines": lines}

    def links(self, block: Block) -> list[str]:
        return [str(link.get("url", "")) for link in block.get("links", [])]

    def plain_text(self, block: Block) -> str:
        return said(*(link.get("label", "") for link in block.get("links", [])))


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


class Embed(BlockKind):
    """A video from YouTube or Vimeo, shown as a placeholder until the visitor asks for it
    (`show_embeds`): until then its host sets no cookie and learns nothing."""

    key = "embed"
    label = "Video (YouTube or Vimeo)"
    template = "townhall/blocks/embed.html"

    class Form(CrispyMixin, BlockForm):
        url = forms.URLField(
            label="Video address",
            max_length=500,
            help_text="A YouTube or Vimeo link. Visitors choose to load it: until then, the "
            "video's host sets no cookies and learns nothing of them.",
        )
        title = forms.CharField(
            label="What the video is", max_length=200, help_text="Read out by screen readers."
        )

        def clean_url(self) -> str:
            url: str = self.cleaned_data["url"]
            if embed_for(url) is None:
                raise forms.ValidationError("Give a YouTube or Vimeo video link.")
            return url

    form = Form

    def stored(self, data: dict[str, Any]) -> Block:
        # The player address is worked out once, when saved, from the link given.
        return {
            "type": self.key,
            "url": data["url"],
            "title": data["title"],
            **(embed_for(data["url"]) or {}),
        }


# Live kinds read the site's current items through townhall.queries, imported when read:
# the queries module builds on this one.


class Workshops(BlockKind):
    key = "workshops"
    label = "Upcoming workshops (live)"
    template = "townhall/blocks/workshops.html"
    live = True

    def read(self, site: Any, viewer: Any) -> list[Any]:
        from townhall import queries

        return queries.upcoming_workshops(site, viewer)


class Policies(BlockKind):
    key = "policies"
    label = "Open policy drafts (live)"
    template = "townhall/blocks/policies.html"
    live = True

    def read(self, site: Any, viewer: Any) -> list[Any]:
        from townhall import queries

        return queries.open_consultations(site)


class News(BlockKind):
    key = "news"
    label = "Latest news (live)"
    template = "townhall/blocks/news.html"
    live = True

    def read(self, site: Any, viewer: Any) -> list[Any]:
        from townhall import page_cache, queries

        return page_cache.shared_data(
            site, "latest-news", lambda: queries.with_images(queries.latest_news(site))
        )


class Around(BlockKind):
    key = "around"
    label = "Around the web: local feeds (live)"
    template = "townhall/blocks/around.html"
    live = True

    def read(self, site: Any, viewer: Any) -> list[Any]:
        from townhall import page_cache, queries

        return page_cache.shared_data(
            site, "around", lambda: list(queries.around_the_web(site)[:5])
        )
