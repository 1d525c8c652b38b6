"""The two ways a service refuses a change; every app's own error derives from the first.

- `ProgrammeError` (and each app's subclass): a rule refused this change. Views show
  `message` beside `field` (the form field it is about, or at the top when None) and
  change nothing; `code` names the rule, for code and tests.
- `NotAllowed`: this person may not do this at all. It is Django's `PermissionDenied`,
  so no view catches it: wherever it is raised, the request answers 403. That is the
  one place a refusal becomes a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class ProgrammeError(Exception):
    """A rule of the programme refused the change; `message` is for the person."""

    def __init__(self, message: str, code: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class NotAllowed(PermissionDenied):
    """The acting person may not do this (a 403, wherever it is raised)."""

    def __init__(self, message: str, code: str = "not_allowed") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
