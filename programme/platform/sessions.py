"""Sessions in the database, as Django keeps them, read only for a key Django could have made.

The session cookie is read on every request, before any view. Django only checks that a
key is eight characters or more, so a cookie holding a NUL reached PostgreSQL's look-up
("A string literal cannot contain NUL"), a 500 on every page for that browser. A key of
any other shape (Django makes 32 lower-case letters and digits; the column holds 40) is
no session at all: the visitor is signed out, as with an expired one.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

LONGEST_KEY = 40  # django_session.session_key
KEY_CHARACTERS = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        key = key or ""
        return 8 <= len(key) <= LONGEST_KEY and KEY_CHARACTERS.issuperset(key)
