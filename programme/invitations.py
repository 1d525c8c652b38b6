"""Rights granted "by email address" are invitations: they take effect when accepted.

A site lead letting someone edit, or a recruiter approving an ambassador,
names an address. Whoever signs up with that address first must not inherit
the rights, so the grant waits: a signed link goes to the address, and only a
person signed in to a confirmed account with that very address can accept it.
Each app keeps its own invitation rows; this module signs and checks the links.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing

from programme.platform.errors import ProgrammeError

from .models import User


def _max_age() -> dt.timedelta:
    return dt.timedelta(days=settings.INVITATION_DAYS)


def invitation_token(kind: str, pk: int, email: str) -> str:
    """A signed token naming one invitation (`kind`, its row) and the address it went to."""
    return signing.dumps({"i": pk, "e": email.lower()}, salt=f"invitation:{kind}")


def read_invitation(kind: str, token: str) -> tuple[int, str]:
    """The invitation's row and address, or ProgrammeError if the link is forged or expired."""
    try:
        data = signing.loads(token, salt=f"invitation:{kind}", max_age=_max_age())
        return int(data["i"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ProgrammeError(
            "This invitation link has expired or is not right. Ask for a new one.", "bad_link"
        ) from error


def check_may_accept(user: User, email: str) -> None:
    """Only the confirmed owner of the invited address accepts an invitation."""
    if not user.is_authenticated:
        raise ProgrammeError("Sign in to accept the invitation.", "sign_in")
    if user.email.lower() != email.lower():
        raise ProgrammeError(
            f"This invitation was sent to {email}. Sign in with that address to accept it.",
            "wrong_account",
        )
    if not user.is_confirmed:
        raise ProgrammeError(
            "Confirm your email address first (we sent you a link), then accept the invitation.",
            "unconfirmed",
        )
