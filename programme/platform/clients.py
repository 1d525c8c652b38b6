"""Who is asking: the client's address, read through the proxies we trust and no further.

Behind a TLS proxy every request comes from the proxy, so limits keyed on
`REMOTE_ADDR` would lump every resident together. Each trusted proxy appends
the address it received the request from to `X-Forwarded-For`; with
`TRUSTED_PROXY_COUNT` = N, the client is the N-th address from the right.
Anything further left is what the client itself claimed, and is ignored, so
it cannot be forged. With no proxy (N = 0, the default) the header is never read.

(The rule of Werkzeug's ProxyFix. django-ipware's current algorithm counts the
proxies listed in the header instead, and finds no address behind a single
nginx that appends `$remote_addr`, so it is not used here.)
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the person making the request, as far as our own proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < count:
        return remote  # not through all our proxies: trust only the connection
    return _valid(forwarded[-count]) or remote


def network_key(client: str) -> str:
    """A keyed digest of the network a client address belongs to (its /24, or /48 for
    IPv6), so that many accounts reporting from one place can be told apart from many
    people, without storing anyone's address. "" for no address."""
    import hashlib
    import hmac

    address = _valid(client)
    if address is None:
        return ""
    ip = ipaddress.ip_address(address)
    prefix = 24 if ip.version == 4 else 48
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"network:{network}".encode(), hashlib.sha256).hexdigest()[:32]
