"""Markdown is rendered once, on save, by a linear-time parser, and sanitised on save and on show."""

from programme.platform import markdown
from programme.platform.markdown import (
    MAX_DEPTH,
    plain_text,
    render_markdown,
    sanitise_html,
    show_html,
)
from tests.nesting import watch_nh3


def test_markdown_is_rendered_and_sanitised():
    html = show_html(
        render_markdown(
            "# Title\n\n<script>x()</script>\n\n**bold** [a](javascript:alert(1)) [b](https://e.org)"
        ),
        "source",
    )
    assert "<h2>Title</h2>" in html  # the page owns its h1
    assert "<script>" not in html
    assert "x()" not in html
    assert "<strong>bold</strong>" in html
    assert "javascript:" not in html
    assert 'href="https://e.org"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_raw_html_inline_never_reaches_the_page():
    html = show_html(render_markdown('Hi <img src=x onerror="alert(1)"> there'), "source")
    assert "<img" not in html
    assert "onerror" not in html
    assert "there" in html


def test_one_conversion_never_leaks_into_the_next():
    first = show_html(render_markdown("| a | b |\n| - | - |\n| 1 | 2 |"), "x")
    second = show_html(render_markdown("Plain words"), "x")
    assert "<table>" in first
    assert second.strip() == "<p>Plain words</p>"


def test_plain_text_drops_markup_and_unescapes():
    assert plain_text("**Hello** & <b>goodbye</b>") == "Hello & goodbye"
    assert render_markdown("") == ""
    assert show_html("", "") == ""


def test_stored_html_is_sanitised_again_as_it_is_shown():
    # Even HTML tampered with in the database cannot run when shown.
    stored = render_markdown("hello") + "<script>alert(1)</script><a href='javascript:x'>y</a>"
    html = show_html(stored, "hello")
    assert "<script>" not in html
    assert "javascript:" not in html
    assert "hello" in html


def test_nesting_deeper_than_any_real_text_is_flattened_but_the_words_stay():
    html = show_html(render_markdown(">" * 5000 + " deep words"), "x")
    assert html.count("<blockquote>") == MAX_DEPTH
    assert html.count("<blockquote>") == html.count("</blockquote>")
    assert "deep words" in html


def test_plain_text_of_30000_nested_quotes_gives_nh3_no_deeper_html_than_a_rendering(
    monkeypatch,
):
    # Calendars and PDFs take plain text: it once gave nh3 all 30,000 levels (four seconds).
    nh3_depths = watch_nh3(monkeypatch)
    assert plain_text(">" * 30000 + " deep words") == "deep words"
    assert markdown.plain_text_of_html(render_markdown(">" * 30000 + " deep words")) == (
        "deep words"
    )
    assert nh3_depths
    assert max(nh3_depths) <= MAX_DEPTH


def test_plain_text_keeps_paragraphs_apart_and_reads_the_stored_rendering():
    stored = render_markdown("# Aims\n\nMeet **bloggers** & officers.\n\n- one\n- two")
    assert markdown.plain_text_of_html(stored) == "Aims\n\nMeet bloggers & officers.\n\none\ntwo"
    assert markdown.plain_text_of_html("") == plain_text("") == ""


def test_html_from_elsewhere_is_read_up_to_a_bounded_length(monkeypatch):
    # HTML from a feed cannot be flattened first (it need not be well formed): its length
    # is bounded instead, which bounds its nesting.
    depths = watch_nh3(monkeypatch, limit=50_000 // len("<blockquote>"))  # as much as is read
    shown = sanitise_html("<blockquote>" * 30000 + "words")
    assert "words" not in shown  # beyond what is read
    assert depths
