"""Finding what a test needs (a row, a piece of a page or of an email) or failing the test saying
what was missing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeVar

from django.db import models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=models.Model)


def found(pattern: str, text: StrOrPromise, group: int = 0, flags: int = 0) -> str:
    """`group` of `pattern`'s first match in `text` (a page, an email's body). Without a match the
    test fails, showing where it looked."""
    match = re.search(pattern, str(text), flags)
    assert match is not None, f"{pattern!r} is not in:\n{text}"
    return match.group(group)


def first(rows: models.QuerySet[M]) -> M:
    """`rows.first()`, where the test's data has at least one."""
    row = rows.first()
    assert row is not None, f"no {rows.model.__name__} to test with"
    return row
