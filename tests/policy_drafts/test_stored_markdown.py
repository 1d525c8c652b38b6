"""Markdown is stored rendered: page views never parse it, and a new renderer refreshes it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from policy_drafts import services as draft_services
from policy_drafts.models import Comment
from programme.platform import markdown
from townhall.models import PageRevision


@pytest.fixture
def long_comments(v1, resident):
    section = v1.sections.first()
    for text in ("[" * 20000, "**a _b" * 3000):
        draft_services.add_comment(
            author=resident, section=section, capacity="resident", stance="question", body=text
        )
    draft_services.add_comment(
        author=resident,
        section=section,
        capacity="resident",
        stance="support",
        body="I **agree** with this.",
    )
    return section


def test_a_comment_stores_its_rendering_when_saved(long_comments):
    comment = Comment.objects.get(body="I **agree** with this.")
    assert comment.__dict__["body_html"].endswith("<p>I <strong>agree</strong> with this.</p>\n")
    assert str(comment.body_html).strip() == "<p>I <strong>agree</strong> with this.</p>"


def test_viewing_pages_never_parses_markdown(client, long_comments, v1, monkeypatch):
    def refuse(text):
        raise AssertionError("a page view parsed Markdown")

    monkeypatch.setattr(markdown, "_parse", refuse)
    response = client.get(reverse("policy_drafts:version", args=[v1.draft.slug, 1]))
    assert response.status_code == 200
    assert b"I <strong>agree</strong> with this." in response.content


def test_a_new_renderer_renders_stored_text_again(long_comments, monkeypatch):
    comment = Comment.objects.get(body="I **agree** with this.")
    # Pretend what is stored came from an older renderer.
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>old rendering</p>")
    comment.refresh_from_db()
    assert "I <strong>agree</strong>" in comment.body_html  # shown from the source meanwhile

    call_command("rerender_markdown")

    stored = Comment.objects.values_list("body_html", flat=True).get(pk=comment.pk)
    assert markdown.is_current(stored)
    assert "<strong>agree</strong>" in stored


def test_page_text_blocks_store_their_rendering(db, site, coordinator):
    from townhall import services as townhall_services
    from townhall.permissions import site_for

    townhall = site_for(site.slug)
    page = townhall_services.create_page(
        actor=coordinator, site=townhall, kind="standard", title="About"
    )
    revision = townhall_services.replace_block(
        actor=coordinator,
        page=page,
        base=1,
        index=0,
        block={"type": "text", "markdown": "Hello *there*"},
    )
    assert "<em>there</em>" in revision.blocks[0]["html"]

    PageRevision.objects.filter(pk=revision.pk).update(
        blocks=[{"type": "text", "markdown": "Hello *there*", "html": "<p>old</p>"}]
    )
    call_command("rerender_markdown")
    revision.refresh_from_db()
    assert markdown.is_current(revision.blocks[0]["html"])
    assert "<em>there</em>" in revision.blocks[0]["html"]
