"""What a service did, when it did not make what was asked for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ToldByEmail:
    """Nothing was made: the address's owner was told by email instead (the address has an
    account, a place or an application already). The page answers the same as when
    something is made, so the form tells no one who has an account or a place.

    `why` names the case, for code and tests; `sent` is False when the address has had
    its share of emails for now, and nothing went out.
    """

    why: str
    sent: bool = True
