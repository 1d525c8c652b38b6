"""The error every write in townhall/ raises when a rule refuses the change."""

from __future__ import annotations

from programme.services import ProgrammeError


class TownhallError(ProgrammeError):
    """A rule of the town hall sites refused the change."""
