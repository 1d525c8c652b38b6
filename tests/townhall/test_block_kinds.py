"""Each block kind is one class (townhall/blocks/) that renders itself: templates ask it to,
search and feeds read what it says, and a new kind needs that class and its template only."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from programme.forms import CrispyMixin
from programme.models import BuildStage, PilotSite
from programme.platform.documents import Facts, Grid, Heading, PageBreak, Text
from tests.factories import PageFactory
from tests.townhall.editing import form_values, open_editor, press, with_block
from townhall import services
from townhall.blocks import PALETTE, BlockForm, BlockKind, feed_html, kind_of, plain_text
from townhall.models import Page
from townhall.permissions import site_for
from townhall.services.pages import search_text

HOSTILE = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
WHEN = timezone.make_aware(dt.datetime(2026, 12, 10, 18, 30))


def shown(block: dict[str, Any], *, show_embeds: bool = False, data: Any = None) -> str:
    """A block as a page shows it: through `{% render_block %}`, as page.html asks."""
    page = Template("{% load townhall_blocks %}{% render_block block number=3 %}")
    townhall = SimpleNamespace(pilot_site=SimpleNamespace(slug="kirklees"))
    context = {"block": block, "data": data, "townhall": townhall, "show_embeds": show_embeds}
    return page.render(Context(context))


DATA = {
    "images": {
        7: SimpleNamespace(file=SimpleNamespace(url="/m/7.png"), decorative=False, alt_text=HOSTILE)
    },
    "workshops": [
        SimpleNamespace(
            get_absolute_url="/w/1/", title=HOSTILE, starts_at=WHEN, location="", places_text="3"
        )
    ],
    "policies": [SimpleNamespace(get_absolute_url="/p/1/", title=HOSTILE, closes_at=None)],
    "news": [
        SimpleNamespace(
            get_absolute_url="/n/1/",
            live_revision=SimpleNamespace(title=HOSTILE),
            first_published_at=WHEN,
        )
    ],
    "around": [SimpleNamespace(link="", title=HOSTILE, source=SimpleNamespace(name="Examiner"))],
}

# One stored block of each kind, and what it shows (hostile words stay escaped).
EXAMPLES: list[tuple[dict[str, Any], list[str]]] = [
    ({"type": "heading", "text": HOSTILE, "level": 3}, [f"<h3>{ESCAPED}</h3>"]),
    (
        {"type": "text", "markdown": f"Hello *there* {HOSTILE}"},
        ["<div><p>Hello <em>there</em>"],
    ),
    (
        {"type": "image", "image_id": 7, "caption": HOSTILE},
        [f'src="/m/7.png" alt="{ESCAPED}"', f'<figcaption class="figure-caption">{ESCAPED}'],
    ),
    (
        {"type": "cta", "label": HOSTILE, "url": "/sites/kirklees/news/"},
        [f'<a class="btn btn-primary" href="/sites/kirklees/news/">{ESCAPED}</a>'],
    ),
    (
        {"type": "quote", "text": HOSTILE, "cite": HOSTILE},
        [f"<p>{ESCAPED}</p></blockquote>", f'<figcaption class="blockquote-footer">{ESCAPED}'],
    ),
    (
        {"type": "links", "links": [{"label": HOSTILE, "url": "/a/?b=1&c=2"}]},
        [f'<li><a href="/a/?b=1&amp;c=2">{ESCAPED}</a></li>'],
    ),
    (
        {
            "type": "embed",
            "url": "https://youtu.be/abcdefgh",
            "title": HOSTILE,
            "provider": "YouTube",
            "src": "https://www.youtube-nocookie.com/embed/abcdefgh",
        },
        [f"Video: {ESCAPED}", 'href="?embed=show#block-3"'],
    ),
    ({"type": "workshops"}, ["Upcoming workshops", f'<a href="/w/1/">{ESCAPED}</a>']),
    ({"type": "policies"}, ["Open for your comments", f'<a href="/p/1/">{ESCAPED}</a>']),
    ({"type": "news"}, ["Latest news", f'<a href="/n/1/">{ESCAPED}</a>']),
    (
        {"type": "around"},
        [f"<li>{ESCAPED}, from Examiner</li>", 'href="/sites/kirklees/around/"'],
    ),
]


def test_the_palette_lists_every_kind_in_the_editors_order():
    assert [(kind.key, kind.label) for kind in PALETTE.values()] == [
        ("heading", "Heading"),
        ("text", "Text"),
        ("image", "Image"),
        ("cta", "Call to action"),
        ("quote", "Quote"),
        ("links", "List of links"),
        ("embed", "Video (YouTube or Vimeo)"),
        ("workshops", "Upcoming workshops (live)"),
        ("policies", "Open policy drafts (live)"),
        ("news", "Latest news (live)"),
        ("around", "Around the web: local feeds (live)"),
    ]
    assert [block["type"] for block, _ in EXAMPLES] == list(PALETTE)


@pytest.mark.parametrize(("block", "expected"), EXAMPLES, ids=[b["type"] for b, _ in EXAMPLES])
def test_each_kind_renders_itself_with_what_people_wrote_escaped(block, expected):
    html = shown(block, data=DATA)
    for part in expected:
        assert part in html
    assert "<script>" not in html


@pytest.mark.parametrize("kind", ["workshops", "policies", "news", "around"])
def test_a_live_block_with_nothing_to_show_says_so(kind):
    html = shown({"type": kind}, data=None)
    assert "<li>" in html
    assert "</a></li>" not in html


def test_an_embed_is_a_placeholder_until_the_visitor_asks_for_it():
    block = EXAMPLES[6][0]
    waiting = shown(block)
    assert "<iframe" not in waiting
    assert "youtube-nocookie" not in waiting
    assert 'href="https://youtu.be/abcdefgh" rel="noopener">watch it on YouTube</a>' in waiting
    asked = shown(block, show_embeds=True)
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abcdefgh"' in asked
    assert f'title="{ESCAPED}"' in asked


@pytest.mark.parametrize(
    "block", [{"type": "script", "text": "never"}, {"text": "no type"}, {"type": ["heading"]}]
)
def test_a_block_of_no_known_kind_shows_nothing(block):
    assert kind_of(block) is None
    assert shown(block).strip() == ""


@pytest.mark.parametrize(
    ("block", "says"),
    [
        ({"type": "heading", "text": "Opening times", "level": 2}, "Opening times"),
        ({"type": "text", "markdown": "Open *late*", "html": "<p>x</p>"}, "Open *late*"),
        ({"type": "image", "image_id": 7, "caption": "The library"}, "The library"),
        ({"type": "cta", "label": "Join", "url": "/join/"}, "Join"),
        ({"type": "quote", "text": "Brilliant", "cite": "A reader"}, "Brilliant\nA reader"),
        (
            {"type": "links", "links": [{"label": "A", "url": "/a/"}, {"label": "B", "url": "/"}]},
            "A\nB",
        ),
        ({"type": "embed", "url": "https://youtu.be/abcdefgh", "title": "Tour"}, ""),
        ({"type": "news"}, ""),
    ],
)
def test_what_each_kind_says_is_what_search_finds(block, says):
    assert PALETTE[block["type"]].plain_text(block) == says
    assert search_text("Title", "", [block]) == "\n".join(w for w in ("Title", says) if w)


def test_search_and_feeds_read_a_revision_through_its_blocks_kinds(client, site_lead, site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    townhall = site_for(site.slug)
    item = PageFactory.create(
        site=townhall, created_by=site_lead, kind="news", title="Reopened", first_published_at=None
    )
    blocks: list[dict[str, Any]] = [
        {"type": "heading", "text": "The library", "level": 2},
        {"type": "text", "markdown": "Open **late** on Thursdays."},
        {"type": "quote", "text": "At last", "cite": "A reader"},
    ]
    services.save_revision(actor=site_lead, page=item, base=1, blocks=blocks)
    item.refresh_from_db()
    revision = item.latest
    assert revision.search_text == "Reopened\n" + plain_text(blocks)
    services.publish(actor=site_lead, page=item)

    rss = ET.fromstring(client.get(reverse("townhall:news_feed", args=[site.slug])).content)
    description = next(rss.iter("item")).findtext("description")
    assert description == feed_html(revision.blocks)
    assert description.strip() == "<p>Open <strong>late</strong> on Thursdays.</p>"


def test_the_editor_asks_each_kind_for_its_extras():
    assert [kind.key for kind in PALETTE.values() if kind.takes_image] == ["image"]
    assert [kind.key for kind in PALETTE.values() if kind.help_template] == ["text"]
    assert PALETTE["heading"].initial() == {"level": 2}
    assert [kind.key for kind in PALETTE.values() if kind.live] == [
        "workshops",
        "policies",
        "news",
        "around",
    ]


# A new kind: one class, and its template.
class Notice(BlockKind):
    key = "notice"
    label = "Notice"
    template = "notice.html"

    class Form(CrispyMixin, BlockForm):
        words = forms.CharField(label="Notice", max_length=200)

    form = Form

    def plain_text(self, block: dict[str, Any]) -> str:
        return str(block.get("words", ""))


@pytest.fixture
def notice_kind(monkeypatch, settings, tmp_path):
    """The Notice kind in the palette for one test (the palette is as it was afterwards)."""
    (tmp_path / "notice.html").write_text('<p class="notice">{{ block.words }}</p>')
    html, *others = settings.TEMPLATES
    settings.TEMPLATES = [{**html, "DIRS": [*html["DIRS"], tmp_path]}, *others]
    kind = Notice()
    monkeypatch.setitem(PALETTE, kind.key, kind)
    return kind


def test_a_new_kind_is_one_class_and_its_template(notice_kind, client_as, site_lead, site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    page = PageFactory.create(
        site=site_for(site.slug), created_by=site_lead, title="Bin days", first_published_at=None
    )
    client = client_as(site_lead)
    editor = client.get(reverse("townhall:edit_page", args=[site.slug, page.pk])).content.decode()
    assert 'name="kind" value="notice"' in editor  # in the palette, after the others
    assert editor.index('value="around"') < editor.index('value="notice"')

    added = press(client, page, open_editor(client, page), "add_block", kind="notice")
    assert 'name="block-1-words"' in added.content.decode()
    saved = with_block(client, page, "notice", {"words": f"Bins late {HOSTILE}"})
    assert saved.status_code in (200, 302)
    page = Page.objects.get(pk=page.pk)
    assert page.latest.blocks[-1] == {"type": "notice", "words": f"Bins late {HOSTILE}"}
    assert f"Bins late {HOSTILE}" in page.latest.search_text
    services.publish(actor=site_lead, page=page)

    html = client.get(page.get_absolute_url()).content.decode()
    assert f'<div id="block-2"><p class="notice">Bins late {ESCAPED}</p></div>' in html
    assert (
        form_values(
            client.get(reverse("townhall:edit_page", args=[site.slug, page.pk])).content.decode()
        )["block-1-words"]
        == f"Bins late {HOSTILE}"
    )


def test_the_palette_is_as_it_was_after_a_kind_was_added_for_a_test():
    assert "notice" not in PALETTE


def test_a_documents_blocks_each_render_themselves():
    blocks = [
        Heading(HOSTILE, 0),
        Heading("Who is coming"),
        Text("One\nTwo", lead="Note:", small=True),
        Facts([("When", "Today\n6pm")]),
        Grid(["Name", "Signed"], [["Ann", ""]], blank_rows=1),
        PageBreak(),
    ]
    html = Template('{% include "includes/document.html" %}').render(Context({"blocks": blocks}))
    assert f"<h1>{ESCAPED}</h1>" in html
    assert "<h2>Who is coming</h2>" in html
    assert '<p class="small"><strong>Note:</strong> One<br>Two</p>' in html
    assert '<th scope="row">When</th><td>Today<br>6pm</td>' in html
    assert '<th scope="col">Signed</th>' in html
    assert '<tr class="writing-row">' in html
    assert '<div class="page-break" aria-hidden="true"></div>' in html
