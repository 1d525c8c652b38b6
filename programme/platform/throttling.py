"""How django-axes names the account behind a sign-in attempt."""

from __future__ import annotations

from django.http import HttpRequest

from programme.platform.clients import client_address

# django-axes keeps the address tried in a column of 255 characters.
LONGEST_KEPT = 255


def attempted_email(request: HttpRequest, credentials: dict[str, str] | None) -> str | None:
    """The address tried, lower-cased, so changing its case does not reset the count; no
    longer than django-axes keeps (the sign-in forms refuse a longer one before this)."""
    source = credentials if credentials else getattr(request, "POST", {})
    value = source.get("username") or source.get("email")
    return value.strip().lower()[:LONGEST_KEPT] if value else None


def client_ip(request: HttpRequest) -> str:
    """The address django-axes counts failures against: the real client's, not the proxy's."""
    return client_address(request)
