"""What a service made, where a test expects it to make something."""

from __future__ import annotations

from typing import TypeVar

from programme.platform.outcomes import ToldByEmail

T = TypeVar("T")


def made(outcome: T | ToldByEmail) -> T:
    """The registration or application a service made, where the test expects one to be made,
    not the address's owner told by email instead (`ToldByEmail`)."""
    assert not isinstance(outcome, ToldByEmail), outcome
    return outcome
