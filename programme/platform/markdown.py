"""Markdown for what people write: rendered once, on save, and sanitised with nh3.

The source is stored exactly as written (nothing a person wrote is lost). The
HTML is rendered when the text is saved and stored beside it (see
`programme.platform.fields.RenderedMarkdownField`), so a page view never parses Markdown;
it only runs nh3 over the stored HTML again, which is cheap and linear.

The parser is cmark-gfm, the CommonMark reference implementation (in C) with
GitHub's tables, strikethrough and autolinks. Its time grows linearly with the
input; Python-Markdown's grew with the square of some inputs (8,000 "[" took
seconds), and markdown-it-py, linear too, took 150-400 ms for 20,000 "[" here,
beyond the 50 ms a render may take (`bench/markdown.py` prints the figures).
Raw HTML in the source is dropped by cmark's safe mode and by nh3 after it.
"""

from __future__ import annotations

import html
import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from django.utils.safestring import SafeString, mark_safe

# Bump when rendering changes (parser, options, allowed tags): stored HTML from an
# older version is rendered again when read, and `manage.py rerender_markdown`
# stores the new rendering.
RENDERER_VERSION = 2
_VERSION_MARK = f"<!--markdown:{RENDERER_VERSION}-->"

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
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
_HEADING = re.compile(r"<(/?)h([1-6])\b")
# cmark writes well-formed HTML with text escaped, so every "<letter" starts a tag.
_TAG = re.compile(r"(</?[a-zA-Z][a-zA-Z0-9]*\b[^>]*>)")
# Deeper nesting than any real text needs; nh3's time grows with the square of depth.
MAX_DEPTH = 16
_OPTIONS = Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE


def _demote_headings(markup: str) -> str:
    # The page owns its <h1>; a "# Title" in someone's text becomes an <h2>.
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", markup)


def _flatten_deep_nesting(markup: str) -> str:
    """Drop the tags nested deeper than MAX_DEPTH, keeping their text, in one pass."""
    parts = _TAG.split(markup)  # text, tag, text, tag, ..., text
    depth = 0
    for n in range(1, len(parts), 2):
        tag = parts[n]
        if tag[1] == "/":
            if depth > MAX_DEPTH:
                parts[n] = ""
            depth -= 1
        elif not tag.endswith("/>"):  # cmark writes void tags as <br />, <hr />, <img ... />
            depth += 1
            if depth > MAX_DEPTH:
                parts[n] = ""
    return "".join(parts)


def _clean(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def _parse(text: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(text, options=_OPTIONS)


def render_markdown(text: str | None) -> str:
    """Markdown to sanitised HTML, marked with the renderer's version, for storing."""
    if not text:
        return ""
    return _VERSION_MARK + _clean(_demote_headings(_flatten_deep_nesting(_parse(text))))


def is_current(stored: str | None) -> bool:
    """Whether stored HTML came from this renderer (empty text needs no rendering)."""
    return not stored or stored.startswith(_VERSION_MARK)


def show_html(stored: str | None, source: str | None) -> SafeString:
    """HTML stored by `render_markdown`, sanitised again as it is shown.

    Rendered afresh from the source only when it came from an older renderer
    (until `rerender_markdown` has run) or was never stored.
    """
    if not source:
        return mark_safe("")
    if not stored or not is_current(stored):
        stored = render_markdown(source)
    return mark_safe(_clean(stored))  # noqa: S308 (cleaned by nh3 just now)


_BLOCK_END = re.compile(r"</(p|h[1-6]|blockquote|pre|ul|ol|table)>")
_BLANK_LINES = re.compile(r"\n{3,}")


def plain_text(text: str | None) -> str:
    """The words of some Markdown without any markup, for calendars, PDFs and summaries;
    paragraphs stay apart, separated by a blank line. Renders the text: where its
    rendering is stored, use `plain_text_of_html` on that instead."""
    return plain_text_of_html(render_markdown(text))


def plain_text_of_html(markup: str | None) -> str:
    """The words of HTML from `render_markdown` (as stored beside the text), paragraphs
    apart. A page, a calendar or a PDF reads the stored rendering: nothing is parsed
    again, and nh3 reads HTML already flattened to MAX_DEPTH, in time linear in its
    length (30,000 ">" once took nh3 four seconds here, on every view of a workshop's
    calendar)."""
    blocks = _BLOCK_END.sub(lambda m: f"</{m.group(1)}>\n", markup or "")
    words = html.unescape(nh3.clean(blocks, tags=set()))
    return _BLANK_LINES.sub("\n\n", words).strip()


# What HTML from elsewhere (a feed's summary) may keep: text structure and links, nothing more.
FOREIGN_TAGS = {"p", "br", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote"}
# nh3's time grows with the square of nesting, and HTML from elsewhere cannot be flattened
# first as cmark's can (it need not be well formed), so its length is bounded instead: a
# feed's summary is cut to 10,000 characters before it is cleaned and stored
# (townhall.services.aggregation), and what is shown is read up to this length.
MAX_FOREIGN_HTML = 50_000


def sanitise_html(value: str | None) -> SafeString:
    """HTML someone else wrote, cleaned by nh3 down to paragraphs, emphasis, lists and links."""
    clean = nh3.clean(
        (value or "")[:MAX_FOREIGN_HTML],
        tags=FOREIGN_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
    return mark_safe(clean.strip())  # noqa: S308 (cleaned by nh3 above)
