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
import functools
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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
    channel.value
    for channel in (
        Channel.MASTODON,
        Channel.BLUESKY,
        Channel.X,
        Channel.FACEBOOK,
        Channel.WHATSAPP,
        Channel.LINKEDIN,
        Channel.EMAIL,
        Channel.POSTER,
        Channel.LINK,
    )
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
# Plain strings for the few choices used on every page: an enum's member costs more to reach.
_VIEW, _ARRIVAL = Event.VIEW.value, Event.ARRIVAL.value
_OTHER_SITE, _LINK, _DIRECT = Channel.OTHER_SITE.value, Channel.LINK.value, Channel.DIRECT.value
CANONICAL = b'<link rel="canonical" href="'
LOOK_FOR_CANONICAL_IN = 16_384  # bytes: it is in the head
MAX_WAITING = 20_000  # different sightings kept in memory before they are added up


# What one count is of: (day, event, path, code, channel, referring host). A plain tuple,
# as it is made on every page counted.
Key = tuple[dt.date, str, str, str, str, str]


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
    return _is_robot(request.META.get("HTTP_USER_AGENT", "")[:512])


# Remembered per user agent and per referring address: a busy page sees the same few again
# and again, and counting must cost a cached page next to nothing (make bench measures it).
@functools.lru_cache(maxsize=2048)
def _is_robot(agent: str) -> bool:
    return not agent or bool(ROBOT.search(agent))


@functools.lru_cache(maxsize=4096)
def _host(address: str) -> str:
    try:
        host = urlsplit(address).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")[:100]


def _own_host(asked: str, host: str) -> bool:
    # The Host header unchecked: it is only compared, and Django refuses a bad one anyway.
    asked = asked.partition(":")[0].removeprefix("www.")
    return host == asked or host == _host(settings.PUBLIC_BASE_URL)


@functools.lru_cache(maxsize=1024)
def _network(referrer: str) -> str:
    return next((channel for part, channel in NETWORK_HOSTS if part in referrer), "")


def arrival(query: str, referer: str, host: str) -> Arrival | None:
    """What brought a request (its query string, Referer and Host), or None when it came
    from another of our pages."""
    code = channel = ""
    if query:
        params = QueryDict(query)
        code, channel = clean_code(params.get(VIA)), clean_channel(params.get(CHANNEL))
    referrer = _host(referer[:500])
    if referrer and _own_host(host, referrer):
        if not code:
            return None  # one of our pages to another
        referrer = ""
    if not channel:
        channel = _network(referrer)
    if not channel:
        channel = _OTHER_SITE if referrer else (_LINK if code else _DIRECT)
    # A website's host is kept; a network's is said by its channel.
    return Arrival(code, channel, referrer if channel == _OTHER_SITE else "")


def _canonical(response: HttpResponse) -> bytes:
    """The address a page names in its canonical link, as it stands in the HTML, or b""."""
    content = response.content
    start = content.find(CANONICAL, 0, LOOK_FOR_CANONICAL_IN)
    if start < 0:
        return b""
    start += len(CANONICAL)
    end = content.find(b'"', start, start + 500)
    return content[start:end] if end > 0 else b""


@functools.lru_cache(maxsize=4096)
def _path_of(address: bytes) -> str:
    try:
        return urlsplit(address.decode()).path[:200]
    except (UnicodeDecodeError, ValueError):
        return ""


class _Today:
    """The local date, worked out again only when the day may have changed."""

    def __init__(self) -> None:
        self._until = 0.0
        self._day = dt.date.min

    def __call__(self) -> dt.date:
        now = time.time()
        if now >= self._until:
            local = timezone.localtime()
            self._day = local.date()
            # Ask again at the next whole minute: cheap, and right across midnight and DST.
            self._until = now + 60 - local.second - local.microsecond / 1e6
        return self._day


today = _Today()


def _countable(request: HttpRequest, response: HttpResponse) -> bool:
    meta = request.META
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        # Not a part fetched into a page, a browser's guess at the next page, or a robot.
        and "HTTP_HX_REQUEST" not in meta
        and "HTTP_SEC_PURPOSE" not in meta
        and "HTTP_PURPOSE" not in meta
        and not _is_robot(meta.get("HTTP_USER_AGENT", "")[:512])
        and response.get("Content-Type", "").startswith("text/html")
    )


# A page as it was sent: (day, canonical address as in the HTML, query string, Referer,
# Host). Kept as it came, for a few seconds in memory only; what it means is worked out
# when the counts are added up, off the page's own time.
Sighting = tuple[dt.date, bytes, str, str, str]


class Counts:
    """Counts waiting in this process's memory until they are added to the database."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: Counter[Sighting] = Counter()
        self._pending: Counter[Key] = Counter()
        self._flushed_at = time.monotonic()

    def see(self, sighting: Sighting) -> None:
        with self._lock:
            self._seen[sighting] += 1

    def give_back(self, counts: Counter[Key]) -> None:
        with self._lock:
            self._pending.update(counts)

    def due(self) -> bool:
        # Also when many different sightings wait (a flood of odd addresses): memory is bounded.
        return (
            time.monotonic() - self._flushed_at >= _flush_every() or len(self._seen) > MAX_WAITING
        )

    def take(self) -> Counter[Key]:
        """Everything counted so far, as day totals, and start afresh."""
        with self._lock:
            seen, self._seen = self._seen, Counter()
            taken, self._pending = self._pending, Counter()
            self._flushed_at = time.monotonic()
        for (day, canonical, query, referer, host), n in seen.items():
            path = _path_of(canonical)
            if not path:
                continue
            taken[(day, _VIEW, path, "", "", "")] += n
            came = arrival(query, referer, host)
            if came is not None:
                taken[(day, _ARRIVAL, path, *came)] += n
        return taken


counts = Counts()


@functools.cache
def _flush_every() -> int:
    return settings.REACH_FLUSH_SECONDS


@receiver(setting_changed)
def _forget_flush_every(*, setting: str, **kwargs: object) -> None:
    if setting == "REACH_FLUSH_SECONDS":
        _flush_every.cache_clear()


def note_view(request: HttpRequest, response: HttpResponse) -> None:
    if not _countable(request, response):
        return
    canonical = _canonical(response)
    if canonical:
        meta = request.META
        counts.see(
            (
                today(),
                canonical,
                meta.get("QUERY_STRING", "")[:300],
                meta.get("HTTP_REFERER", "")[:500],
                meta.get("HTTP_HOST", "")[:100],
            )
        )


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
