"""Feeds and calendars that pollers can trust: Last-Modified never goes backwards.

A feed's own date is its newest item's. When an item *leaves* the feed (an update taken
down, a place given up, a workshop cancelled out of a public calendar), that date falls,
and a client polling with If-Modified-Since hears 304 and keeps what is gone. `steady`
remembers, per address, what was last sent and the date sent with it: the same content
keeps its date; different content gets its own date, or now if that would not be later
than the date already sent. Kept in the shared cache (every web worker sees one record);
if the cache is emptied, dates start again from the feeds' own.

    path("updates/feed/", conditional_page(steady(UpdatesFeed())), ...)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

KEPT_FOR = 60 * 60 * 24 * 90  # seconds: longer than any poller waits between two polls


def _key(request: HttpRequest) -> str:
    # A personal calendar's path holds its secret token: only a digest of it is kept.
    return "steady-feed:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()


def steady(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        digest = hashlib.sha256(response.content).hexdigest()
        own = parse_http_date_safe(response.get("Last-Modified", "")) or int(
            timezone.now().timestamp()
        )
        key = _key(request)
        sent = cache.get(key)
        if sent and sent[0] == digest:
            date = sent[1]  # the same content: the same date, so a poll hears 304
        elif sent and own <= sent[1]:
            date = max(int(timezone.now().timestamp()), sent[1] + 1)  # something left
        else:
            date = own
        cache.set(key, (digest, date), KEPT_FOR)
        response["Last-Modified"] = http_date(date)
        return response

    return wrapped
