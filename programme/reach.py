"""Counting without cookies or personal data: page views, arrivals and what they lead to.

What is counted, and nothing else:
- a **view**: a public page (one that names its canonical address) sent whole to a browser,
  under that address and the day; pages served from the page cache are counted too, as this
  middleware sits outside it;
- an **arrival**: a view that did not come from another page of ours, with what brought it:
  the share code and channel in the address (`?via=<code>&ch=<channel>`, written by the
  share kit and the posters), else the network or website the browser's Referer names (its
  host only), else "direct";
- a **conversion**: taking part (a place, a comment, a post, an application, a follow),
  with the code and channel the form carried on from the shared address.

No cookie is set or read, no address, user agent or time of day is kept, and robots are
left out; counts wait in the process's memory and are added to the day's rows (`Tally`)
every `REACH_FLUSH_SECONDS`, so a page costs a dictionary update, not a write.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone

from .models import Channel, Event, ShareCode
from .models.reach import CODE_ALPHABET

logger = logging.getLogger(__name__)

VIA = "via"
CHANNEL = "ch"
CODE = re.compile(rf"^[{CODE_ALPHABET}]{{4,16}}$")
# Channels a shared address may name; the rest are what the Referer tells.
SHARED_CHANNELS = frozenset(
    {
        Channel.MASTODON,
        Channel.BLUESKY,
        Channel.X,
        Channel.FACEBOOK,
        Channel.WHATSAPP,
        Channel.LINKEDIN,
        Channel.EMAIL,
        Channel.POSTER,
        Channel.LINK,
    }
)
# Referring hosts that are a network rather than a website of their own.
NETWORK_HOSTS: tuple[tuple[str, Channel], ...] = (
    ("t.co", Channel.X),
    ("x.com", Channel.X),
    ("twitter.com", Channel.X),
    ("facebook.com", Channel.FACEBOOK),
    ("fb.com", Channel.FACEBOOK),
    ("fb.me", Channel.FACEBOOK),
    ("bsky.app", Channel.BLUESKY),
    ("linkedin.com", Channel.LINKEDIN),
    ("lnkd.in", Channel.LINKEDIN),
    ("whatsapp.com", Channel.WHATSAPP),
    ("wa.me", Channel.WHATSAPP),
    ("google.", Channel.SEARCH),
    ("bing.com", Channel.SEARCH),
    ("duckduckgo.com", Channel.SEARCH),
    ("ecosia.org", Channel.SEARCH),
    ("search.yahoo.", Channel.SEARCH),
)
# Robots, link-preview fetchers, monitors and automated browsers: never people.
ROBOT = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|facebookexternalhit|embedly|quora link|"
    r"headless|lighthouse|pingdom|uptime|monitor|validator|checker|scan|python|curl|"
    r"wget|httpclient|okhttp|go-http|java/|libwww|feed|mastodon|pleroma|akkoma|misskey",
    re.IGNORECASE,
)
CANONICAL = re.compile(rb'<link rel="canonical" href="([^"]{1,500})"')
LOOK_FOR_CANONICAL_IN = 16_384  # bytes: it is in the head


class Key(NamedTuple):
    day: dt.date
    event: str
    path: str
    code: str
    channel: str
    referrer: str


class Arrival(NamedTuple):
    code: str
    channel: str
    referrer: str


def clean_code(value: object) -> str:
    """A share code as typed in an address or form, or "" for anything that cannot be one."""
    text = value.strip().lower() if isinstance(value, str) else ""
    return text if CODE.match(text) else ""


def clean_channel(value: object) -> str:
    return value if isinstance(value, str) and value in SHARED_CHANNELS else ""


def is_robot(request: HttpRequest) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(ROBOT.search(agent))


def _host(address: str) -> str:
    try:
        host = urlsplit(address).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")[:100]


def _own_host(request: HttpRequest, host: str) -> bool:
    if host == _host(settings.PUBLIC_BASE_URL):
        return True
    try:
        return host == request.get_host().split(":")[0].removeprefix("www.")
    except DisallowedHost:
        return False


def arrival(request: HttpRequest, params: QueryDict) -> Arrival | None:
    """What brought this request, or None when it came from another of our pages."""
    code, channel = clean_code(params.get(VIA)), clean_channel(params.get(CHANNEL))
    referrer = _host(request.META.get("HTTP_REFERER", ""))
    if referrer and _own_host(request, referrer):
        if not code:
            return None  # one of our pages to another
        referrer = ""
    if not channel:
        channel = next((c for part, c in NETWORK_HOSTS if part in referrer), "")
    if not channel:
        channel = Channel.OTHER_SITE if referrer else (Channel.LINK if code else Channel.DIRECT)
    # A website's host is kept; a network's is said by its channel.
    return Arrival(code, channel, referrer if channel == Channel.OTHER_SITE else "")


def _canonical_path(response: HttpResponse) -> str:
    found = CANONICAL.search(response.content[:LOOK_FOR_CANONICAL_IN])
    if not found:
        return ""
    try:
        return urlsplit(found.group(1).decode()).path[:200]
    except (UnicodeDecodeError, ValueError):
        return ""


def _countable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and "HTTP_HX_REQUEST" not in request.META
        and request.META.get("HTTP_SEC_PURPOSE", request.META.get("HTTP_PURPOSE", "")) == ""
        and not is_robot(request)
    )


class Counts:
    """Counts waiting in this process's memory until they are added to the database."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Counter[Key] = Counter()
        self._flushed_at = time.monotonic()

    def add(self, key: Key, n: int = 1) -> None:
        with self._lock:
            self._pending[key] += n

    def due(self) -> bool:
        return time.monotonic() - self._flushed_at >= settings.REACH_FLUSH_SECONDS

    def take(self) -> Counter[Key]:
        with self._lock:
            taken, self._pending = self._pending, Counter()
            self._flushed_at = time.monotonic()
        return taken

    def give_back(self, counts: Counter[Key]) -> None:
        with self._lock:
            self._pending.update(counts)


counts = Counts()


def note_view(request: HttpRequest, response: HttpResponse) -> None:
    if not _countable(request, response):
        return
    path = _canonical_path(response)
    if not path:
        return
    day = timezone.localdate()
    counts.add(Key(day, Event.VIEW, path, "", "", ""))
    came = arrival(request, request.GET)
    if came is not None:
        counts.add(Key(day, Event.ARRIVAL, path, *came))


def flush() -> int:
    """Add what this process counted to the database; returns how many rows it touched."""
    from .services.reach import add_counts

    taken = counts.take()
    if not taken:
        return 0
    try:
        return add_counts(taken)
    except Exception:
        counts.give_back(taken)  # tried again at the next flush
        raise


def _flush_at_exit() -> None:
    try:
        flush()
    except Exception:  # the database may already be gone
        logger.warning("Counts of the last seconds were not saved", exc_info=True)


atexit.register(_flush_at_exit)


class CountingMiddleware:
    """Counts each public page a person is sent, before the page cache serves it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        try:
            note_view(request, response)
            if counts.due():
                flush()
        except Exception:  # counting never costs anyone their page
            logger.exception("Counting failed")
        return response


def carried(request: HttpRequest) -> dict[str, str]:
    """The share code and channel this request carries on (from a form, else its address)."""
    for params in (request.POST, request.GET):
        code = clean_code(params.get(VIA))
        if code:
            return {VIA: code, CHANNEL: clean_channel(params.get(CHANNEL))}
    return {}


def query(request: HttpRequest) -> str:
    """`?via=…&ch=…` to carry the code on to a form's own page, or ""."""
    found = {k: v for k, v in carried(request).items() if v}
    return f"?{urlencode(found)}" if found else ""


def shared_url(path: str, code: ShareCode | None, channel: str = "") -> str:
    """The absolute address a person shares: the page's, with their code and the channel."""
    address = path if "://" in path else f"{settings.PUBLIC_BASE_URL}{path}"
    params = {}
    if code is not None:
        params[VIA] = code.code
    if channel:
        params[CHANNEL] = channel
    return f"{address}?{urlencode(params)}" if params else address
