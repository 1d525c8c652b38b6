"""Text people type is cleaned at the edge: no NUL, no control characters but tab and
newlines, and nothing else XML 1.0 forbids, nor any Unicode noncharacter.

A form feed or vertical tab pasted from a word processor is invisible to the
person, but XML 1.0 (every feed) forbids it, calendar readers reject it, and
PostgreSQL refuses NUL outright; one U+FFFE in a title made every feed unreadable.
`ControlCharacterMiddleware` strips them from every form a request posts;
`strip_controls` is also applied where feeds and calendars are written, for text
that arrived another way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

# C0 controls and DEL, except tab, line feed and carriage return; lone surrogates; and
# the noncharacters (U+FDD0 to U+FDEF, and the last two code points of every plane, which
# take in U+FFFE and U+FFFF, the two XML 1.0 forbids outside the surrogates and controls).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
CONTROLS = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\ud800-\\udfff{_NONCHARACTERS}]")


def strip_controls(text: str) -> str:
    return CONTROLS.sub("", text)


def _clean(data: QueryDict) -> None:
    """Strip control characters from a request's GET or POST, in place."""
    cleaned = [(strip_controls(k), [strip_controls(v) for v in vs]) for k, vs in data.lists()]
    data._mutable = True
    data.clear()
    for key, values in cleaned:
        data.setlist(key, values)
    data._mutable = False


class ControlCharacterMiddleware:
    """Strips control characters from query strings and posted forms; an address whose
    path holds one is a 404 (no page has such a name)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if CONTROLS.search(request.path):
            raise Http404
        if CONTROLS.search(request.META.get("QUERY_STRING", "")) or any(
            CONTROLS.search(key) or any(CONTROLS.search(v) for v in values)
            for key, values in request.GET.lists()
        ):
            _clean(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            # Reading POST here parses the body once; files stay as they were.
            _clean(request.POST)
        return self.get_response(request)


BIGGEST_ID = 2**63 - 1  # what a database integer column holds


def record_id(value: object) -> int | None:
    """A record id taken from what someone sent, or None: digits only, and small enough for
    the database (a longer run of digits made SQLite and PostgreSQL fail, a 500)."""
    text = str(value)
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= BIGGEST_ID else None


def in_words(items: Iterable[object]) -> str:
    """A list as a sentence says it: "a", "a and b", "a, b and c"."""
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """A count with its noun, agreed: "1 action", "3 actions", "1 entry", "2 entries"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


# A web address, or anything shaped like a domain name ("evil.example/refund").
_LINKISH = re.compile(r"(?:https?://|www\.)\S*|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b(?:/\S*)?")
NAME_IN_EMAIL = 40  # characters: a long name is cut, with an ellipsis


def name_for_email(value: object) -> str:
    """A name someone typed, as an email repeats it: no links, no domain names, and short.

    Emails go to addresses nobody has confirmed yet (an application, a sign-up, a guest's
    place), and a "name" is whatever was typed: "URGENT: council tax refund - claim at
    https://evil.example/refund" must not reach a stranger's inbox in the council's words.
    """
    text = " ".join(_LINKISH.sub("", str(value)).split())
    if len(text) > NAME_IN_EMAIL:
        text = text[:NAME_IN_EMAIL].rsplit(" ", 1)[0].rstrip(" ,:;-") + "…"
    return text or "there"
