"""What every block kind shares: its form's base, checked links, and the kind itself."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

# A block as a revision stores it: {"type": "text", "markdown": ..., "html": ...}.
Block = dict[str, Any]


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
    """A block kind's form: what an editor fills in (the kind turns it into a stored block)."""


class LiveForm(BlockForm):
    """Live blocks have nothing to fill in: they show the site's current items."""


@dataclass(frozen=True)
class Problem:
    """Why a page cannot be published yet, and the block to fix (numbered from 1)."""

    block: int
    text: str

    def __str__(self) -> str:
        return f"Block {self.block}: {self.text}"


class BlockKind:
    """One kind of block and all it does: its form, how a stored block goes to and from
    that form, what it links to, says and shows, and what it needs before publishing.

    A kind is one subclass, listed in `PALETTE` (townhall/blocks/__init__.py); its
    template (`templates/townhall/blocks/<key>.html`) shows one stored block as `block`,
    with `data` (what the page's blocks read, see `queries.block_context`), `number`
    (its place on the page, from 1), `show_embeds` and `townhall`.
    """

    key: ClassVar[str]
    label: ClassVar[str]
    template: ClassVar[str]
    form: ClassVar[type[BlockForm]] = LiveForm
    # Live blocks show the site's current items, have nothing to fill in, and carry their
    # own second-level heading.
    live: ClassVar[bool] = False
    # Its form has a `file` field for an image, kept as a SiteImage; the stored block
    # holds the image's `image_id`.
    takes_image: ClassVar[bool] = False
    # Shown under the block's form in the editor ("" for none).
    help_template: ClassVar[str] = ""
    # Form fields that set how it looks rather than say anything (a heading's level).
    settings: ClassVar[tuple[str, ...]] = ()

    # The editor ----------------------------------------------------------------------------

    def initial(self) -> dict[str, Any]:
        """The values a new, empty block of this kind starts with."""
        return {}

    def stored(self, data: dict[str, Any]) -> Block:
        """The block to store, from its form's cleaned data."""
        return {"type": self.key, **data}

    def values(self, block: Block) -> dict[str, Any]:
        """A stored block as the values its form shows in the editor."""
        return {name: block[name] for name in self.form.base_fields if name in block}

    def read(self, site: Any, viewer: Any) -> Any:
        """What a live block shows of the site now, as `data.<key>` (read once a page,
        however many blocks of the kind it has; without a `viewer`, as anyone sees it)."""
        return []

    def words(self, values: dict[str, Any]) -> str:
        """What a block of this kind says, from its form's values, as one line of plain text
        (to set two versions side by side)."""
        if self.live:
            return self.label
        said = [
            str(value).strip()
            for name, value in values.items()
            if name not in self.settings and isinstance(value, str) and value.strip()
        ]
        return " · ".join(said)

    # Saving ------------------------------------------------------------------------------

    def rendered(self, block: Block) -> Block:
        """The block with anything rendered once and stored beside its words."""
        return block

    def stale(self, block: Block) -> bool:
        """Whether what is stored beside its words was rendered by an older renderer."""
        return False

    def stored_with_image(self, block: Block, image_id: int) -> Block:
        """The block a revision keeps, showing image `image_id` (for kinds that take an
        image: the image's own words are kept on the image by save_page)."""
        return block

    # Reading -------------------------------------------------------------------------------

    def links(self, block: Block) -> list[str]:
        """The addresses a stored block links to (checked before publishing)."""
        return []

    def image_ids(self, block: Block) -> list[int]:
        """The site images a stored block shows."""
        return []

    def plain_text(self, block: Block) -> str:
        """What a stored block says as plain text, a part a line (what search finds)."""
        return ""

    def feed_html(self, block: Block) -> str:
        """What a stored block puts in a news feed's item, as sanitised HTML."""
        return ""

    def heading_level(self, block: Block) -> int | None:
        """The heading level a block starts on the page, if it starts one."""
        return 2 if self.live else None

    def problems(
        self, number: int, block: Block, *, previous: int, images: Mapping[int, Any]
    ) -> list[Problem]:
        """Why this block (number `number`, after a heading of level `previous`) cannot be
        published yet, other than its links."""
        return []

    def render(self, block: Block, context: Mapping[str, Any]) -> SafeString:
        """The stored block as HTML, through its template."""
        return SafeString(render_to_string(self.template, {**context, "block": block}))
