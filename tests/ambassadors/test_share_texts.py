"""The share kit's words (#27): a ready post for each network, with the person's link for
that network, cut to the network's limit on a word boundary."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from ambassadors.forms import MastodonForm
from ambassadors.share_texts import NETWORKS, posts_for, x_length
from programme.models import ShareCode
from programme.sharing import Shareable, trim

BASE = "https://town.example"
LONG_TITLE = ("Planning the future of Huddersfield's libraries together " * 5)[:200]


CODE = ShareCode(code="k7f3q2m")  # never saved: only its code goes into the links


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


def workshop(title: str = "Meet the local bloggers", **extra) -> Shareable:
    fields = {
        "kind": "workshop",
        "title": title,
        "path": "/workshops/meet-the-local-bloggers/",
        "summary": "Meet the people who write about Kirklees and learn how the site can help.",
        "lead": "Come along to",
        "when": "10am on Tuesday 15 December 2026, Huddersfield Town Hall",
    }
    return Shareable(**(fields | extra))


def by_channel(item: Shareable) -> dict:
    return {post.channel: post for post in posts_for(item, CODE)}


def test_a_post_for_every_network_each_with_its_own_link():
    posts = by_channel(workshop())
    assert set(posts) == {"mastodon", "bluesky", "x", "facebook", "whatsapp", "linkedin", "email"}
    for channel, post in posts.items():
        assert post.link == f"{BASE}/workshops/meet-the-local-bloggers/?via=k7f3q2m&ch={channel}"
        assert post.link in post.text
        assert "Come along to Meet the local bloggers" in post.text
        assert "10am on Tuesday 15 December 2026, Huddersfield Town Hall" in post.text


def test_a_short_post_keeps_every_word():
    post = by_channel(workshop())["bluesky"]
    assert post.text == (
        "Come along to Meet the local bloggers\n"
        "10am on Tuesday 15 December 2026, Huddersfield Town Hall\n\n"
        "Meet the people who write about Kirklees and learn how the site can help.\n\n"
        f"{BASE}/workshops/meet-the-local-bloggers/?via=k7f3q2m&ch=bluesky"
    )


@pytest.mark.parametrize(("channel", "limit"), [("mastodon", 500), ("bluesky", 300)])
def test_a_200_character_title_fits_in_characters(channel, limit):
    post = by_channel(workshop(LONG_TITLE, summary="Why it matters. " * 30))[channel]
    assert len(post.text) <= limit
    assert post.link in post.text
    assert "10am on Tuesday 15 December 2026" in post.text


def test_a_200_character_title_fits_on_x_where_a_link_counts_23():
    post = by_channel(workshop(LONG_TITLE))["x"]
    assert x_length(post.text) <= 280
    assert len(post.text) > 280, "the link is long, and counts 23 all the same"
    assert post.link in post.text
    # Cut on a word boundary, with an ellipsis: the title ends in a whole word.
    head = post.text.split("\n")[0]
    assert head.endswith("…")
    assert LONG_TITLE.startswith(head.removeprefix("Come along to ")[:-1])
    assert head[:-1].split()[-1] in LONG_TITLE.split()


def test_the_other_networks_fit_their_limits_with_a_200_character_title():
    posts = by_channel(workshop(LONG_TITLE, summary="Why it matters. " * 30))
    for network in NETWORKS:
        assert network.measure(posts[network.channel].text) <= network.limit
    assert len(posts["email"].subject) <= 100
    assert posts["email"].subject.endswith("…")


def test_x_counts_wide_characters_twice_and_links_as_23():
    assert x_length("abc") == 3
    assert x_length("日本") == 4
    assert x_length("see https://town.example/a/very/long/address/indeed?via=abc") == 4 + 23


def test_x_text_of_wide_characters_fits():
    post = by_channel(workshop("議会" * 100))["x"]
    assert x_length(post.text) <= 280
    assert post.link in post.text


def test_the_line_of_why_goes_before_the_title_is_cut():
    post = by_channel(workshop("A" * 10 + " title", summary="word " * 200))["bluesky"]
    assert "Come along to AAAAAAAAAA title\n" in post.text
    assert len(post.text) <= 300


def test_the_share_addresses_carry_the_words_or_the_link():
    posts = by_channel(workshop())
    bluesky = urlsplit(posts["bluesky"].share_url)
    assert (bluesky.scheme, bluesky.netloc, bluesky.path) == (
        "https",
        "bsky.app",
        "/intent/compose",
    )
    assert parse_qs(bluesky.query)["text"] == [posts["bluesky"].text]
    assert parse_qs(urlsplit(posts["x"].share_url).query)["text"] == [posts["x"].text]
    assert posts["x"].share_url.startswith("https://x.com/intent/post?text=")
    assert parse_qs(urlsplit(posts["facebook"].share_url).query)["u"] == [posts["facebook"].link]
    assert parse_qs(urlsplit(posts["linkedin"].share_url).query)["url"] == [posts["linkedin"].link]
    assert posts["linkedin"].share_url.startswith(
        "https://www.linkedin.com/sharing/share-offsite/?url="
    )
    assert parse_qs(urlsplit(posts["whatsapp"].share_url).query)["text"] == [posts["whatsapp"].text]
    mail = posts["email"].share_url
    assert mail.startswith("mailto:?subject=")
    assert "+" not in mail
    subject, body = mail.removeprefix("mailto:?subject=").split("&body=")
    assert unquote(subject) == posts["email"].subject
    assert unquote(body) == posts["email"].text
    assert posts["mastodon"].share_url == ""  # no single server: the kit asks for theirs


def test_trim_cuts_on_a_word_boundary():
    assert trim("one two three", 20) == "one two three"
    assert trim("one two three", 10) == "one two…"
    assert trim("unbreakable", 5) == "unbr…"
    assert len(trim("word " * 20_000, 280)) <= 280


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("mastodon.social", "mastodon.social"),
        (" Mastodon.Social ", "mastodon.social"),
        ("https://mas.to/", "mas.to"),
        ("@rosa@social.example.org", "social.example.org"),
        ("bücher.example", "xn--bcher-kva.example"),
    ],
)
def test_a_mastodon_server_is_a_host_name(typed, host):
    form = MastodonForm({"server": typed, "text": "Hello"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["server"] == host


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "localhost",
        "127.0.0.1",
        "mastodon.social/evil",
        "//evil.example",
        "mastodon.social:8080",
        "http://mastodon.social",
        "evil.example/share?x=",
        "a\x00b.example",
        "-bad.example",
        "x" * 300 + ".example",
        "mastodon.social#frag",
        "user:pass@",
    ],
)
def test_anything_else_is_refused(typed):
    assert not MastodonForm({"server": typed, "text": "Hello"}).is_valid()
