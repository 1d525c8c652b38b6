"""The error every write in policy_drafts/ raises when a rule refuses the change."""

from __future__ import annotations

from programme.services import ProgrammeError


class DraftError(ProgrammeError):
    """A rule of collaborative drafting refused the change."""
