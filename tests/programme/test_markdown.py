from programme.markdown import plain_text, render_markdown


def test_markdown_is_rendered_and_sanitised():
    html = str(
        render_markdown(
            "# Title\n\n<script>x()</script> **bold** [a](javascript:alert(1)) [b](https://e.org)"
        )
    )
    assert "<h2>Title</h2>" in html  # the page owns its h1
    assert "<script>" not in html and "x()" not in html
    assert "<strong>bold</strong>" in html
    assert "javascript:" not in html
    assert 'href="https://e.org"' in html and 'rel="nofollow noopener noreferrer"' in html


def test_one_conversion_never_leaks_into_the_next():
    first = str(render_markdown("Text[^1]\n\n[^1]: A footnote"))
    second = str(render_markdown("Plain words"))
    assert "footnote" in first.lower()
    assert second == "<p>Plain words</p>"


def test_plain_text_drops_markup_and_unescapes():
    assert plain_text("**Hello** & <b>goodbye</b>") == "Hello & goodbye"
    assert str(render_markdown("")) == ""
