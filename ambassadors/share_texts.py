"""The words of the share kit: for one thing to share, a ready post for each network, each
with the person's own link for that network (`?via=<code>&ch=<network>`), cut to fit the
network's limit on a word boundary.

A post says what it is (the lead and the title), when and where or when comments close,
one line of why, and the link; when it is too long, the line of why is cut first, then
the title, never the date or the link.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from urllib.parse import quote

from programme.models import Channel, ShareCode
from programme.reach import shared_url
from programme.sharing import Shareable, trim

LINK = re.compile(r"https?://\S+")
X_LINK_COST = 23  # X counts any link as 23, however long
# Code points X counts as one; every other counts as two (twitter-text's weights).
X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
# Below this many characters a line of why says too little to keep.
SHORTEST_WHY = 20


def characters(text: str) -> int:
    # Never fewer than the graphemes Bluesky counts, so a post that fits here fits there.
    return len(text)


def _x_weight(char: str) -> int:
    point = ord(char)
    return 1 if any(low <= point <= high for low, high in X_LIGHT) else 2


def x_length(text: str) -> int:
    """Length as X counts it: a link is 23, wide characters (CJK, emoji) count two."""
    links = LINK.findall(text)
    rest = LINK.sub("", text)
    return X_LINK_COST * len(links) + sum(_x_weight(char) for char in rest)


@dataclasses.dataclass(frozen=True)
class Network:
    channel: Channel
    name: str
    limit: int
    limit_text: str  # what the kit says about the limit
    intent: str  # the share address, with {text}, {link} and {subject} to fill; "" for none
    measure: Callable[[str], int] = characters
    greeting: str = ""  # said before the post, where a post is a message to friends

    def share_url(self, post: Post) -> str:
        if not self.intent:
            return ""
        return self.intent.format(
            text=quote(post.text, safe=""),
            link=quote(post.link, safe=""),
            subject=quote(post.subject, safe=""),
        )


NETWORKS = (
    Network(
        Channel.MASTODON,
        "Mastodon",
        500,
        "Up to 500 characters",
        "",  # no single server: the kit asks for the person's own
    ),
    Network(
        Channel.BLUESKY,
        "Bluesky",
        300,
        "Up to 300 characters",
        "https://bsky.app/intent/compose?text={text}",
    ),
    Network(
        Channel.X,
        "X (Twitter)",
        280,
        "Up to 280 characters; a link counts as 23",
        "https://x.com/intent/post?text={text}",
        measure=x_length,
    ),
    Network(
        Channel.FACEBOOK,
        "Facebook",
        2000,
        "Facebook takes the link; paste the words above it",
        "https://www.facebook.com/sharer/sharer.php?u={link}",
    ),
    Network(
        Channel.WHATSAPP,
        "WhatsApp",
        2000,
        "A message to send to a friend or a group",
        "https://wa.me/?text={text}",
        greeting="Thought you might like this.",
    ),
    Network(
        Channel.LINKEDIN,
        "LinkedIn",
        3000,
        "LinkedIn takes the link; paste the words above it",
        "https://www.linkedin.com/sharing/share-offsite/?url={link}",
    ),
    Network(
        Channel.EMAIL,
        "Email",
        2000,
        "A subject and a message, for your own email",
        "mailto:?subject={subject}&body={text}",
        greeting="Hello,\n\nI thought you might like to see this.",
    ),
)
SUBJECT_LIMIT = 100


@dataclasses.dataclass(frozen=True)
class Post:
    network: Network
    text: str
    link: str
    subject: str = ""  # email only

    @property
    def channel(self) -> str:
        return str(self.network.channel)

    @property
    def length(self) -> int:
        return self.network.measure(self.text)

    @property
    def share_url(self) -> str:
        return self.network.share_url(self)

    @property
    def opens_new_tab(self) -> bool:
        # An email opens the person's mail program, not a page.
        return not self.share_url.startswith("mailto:")


def headline(item: Shareable) -> str:
    return f"{item.lead} {item.title}" if item.lead else item.title


def _render(greeting: str, head: str, when: str, why: str, link: str) -> str:
    top = "\n".join(part for part in (head, when) if part)
    return "\n\n".join(part for part in (greeting, top, why, link) if part)


def compose(
    network: Network, *, head: str, when: str, why: str, link: str, greeting: str = ""
) -> str:
    """The post, cut to the network's limit: the line of why first, then the headline, then
    when; the link whole."""
    parts = {"why": why, "head": head, "when": when}

    def render() -> str:
        return _render(greeting, parts["head"], parts["when"], parts["why"], link)

    for name in ("why", "head", "when"):
        if network.measure(render()) <= network.limit:
            break
        # What everything else costs: the post with this part as one character, less one.
        parts[name], kept = "a", parts[name]
        budget = network.limit - (network.measure(render()) - 1)
        cut = trim(kept, budget, network.measure) if budget > 1 else ""
        if name == "why" and len(cut) < SHORTEST_WHY:
            cut = ""
        parts[name] = cut
    if network.measure(render()) > network.limit:  # a greeting too long: never in practice
        greeting = ""
    return render()


def posts_for(item: Shareable, code: ShareCode | None) -> list[Post]:
    """A ready post for each network, with the person's link for that network."""
    posts = []
    for network in NETWORKS:
        link = shared_url(item.path, code, network.channel)
        text = compose(
            network,
            head=headline(item),
            when=item.when,
            why=item.summary,
            link=link,
            greeting=network.greeting,
        )
        subject = trim(headline(item), SUBJECT_LIMIT) if network.channel == Channel.EMAIL else ""
        posts.append(Post(network, text, link, subject))
    return posts


def mastodon_share_url(server: str, text: str) -> str:
    """Where a Mastodon server takes a post to share: its own /share page."""
    return f"https://{server}/share?text={quote(text, safe='')}"
