"""Markdown for what people write, always sanitised with nh3 before it reaches a page.

The source is stored exactly as written (nothing a person wrote is lost); the
HTML is produced and cleaned each time it is shown.
"""

from __future__ import annotations

import html
import re
import threading

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
_HEADING = re.compile(r"<(/?)h([1-6])>")


def _demote_headings(html: str) -> str:
    # The page owns its <h1>; a "# Title" in someone's text becomes an <h2>.
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}>", html)


_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    # Building a converter loads its extensions, which costs more than converting a
    # comment; keep one per thread (they are not thread-safe) and reset it per use.
    if not hasattr(_local, "converter"):
        _local.converter = markdown_lib.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return _local.converter


def render_markdown(text: str | None) -> SafeString:
    if not text:
        return mark_safe("")
    rendered = _converter().reset().convert(text)
    clean = nh3.clean(
        _demote_headings(rendered),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)


def plain_text(text: str | None) -> str:
    """The words of some Markdown without any markup, for feeds and summaries."""
    return html.unescape(nh3.clean(_converter().reset().convert(text or ""), tags=set())).strip()


# What HTML from elsewhere (a feed's summary) may keep: text structure and links, nothing more.
FOREIGN_TAGS = {"p", "br", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote"}


def sanitise_html(value: str | None) -> SafeString:
    """HTML someone else wrote, cleaned by nh3 down to paragraphs, emphasis, lists and links."""
    clean = nh3.clean(
        value or "",
        tags=FOREIGN_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
    return mark_safe(clean.strip())
