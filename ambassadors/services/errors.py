"""The error every write in ambassadors/ raises when a rule refuses the change."""

from __future__ import annotations

from programme.services import ProgrammeError


class AmbassadorError(ProgrammeError):
    """A rule of ambassador recruitment refused the change."""
