"""Fetching from addresses people give us, without letting them aim the server inward.

A site lead types a feed address; the server fetches it. Left alone, that lets
anyone with a form reach the machine's own services (`127.0.0.1`), the cloud's
metadata service (`169.254.169.254`) or the council's private network, and
read the answers back. So every fetch here:

- takes only `http` and `https`;
- resolves the host and refuses it if any of its addresses is not a public one
  (loopback, private, link-local, multicast, reserved, shared, IPv4-mapped …),
  unless the host is in `FETCH_ALLOWED_HOSTS` (empty by default; the demo's
  own server in development);
- connects to the very address it checked, so a second DNS answer cannot swap
  it for an internal one, and checks again at every redirect;
- stops at an overall deadline, however slowly the server sends, and at a size.

Reasons given to people are generic ("could not be reached"); details go to the log.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5


class FetchRefused(Exception):
    """The address or its answer was refused; `reason` is safe to show to people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Reasons that complete "The feed …": what a site lead needs, nothing a prober can use.
UNREACHABLE = "could not be reached"
TOO_SLOW = "was too slow"
TOO_LARGE = "is too large"
NOT_PUBLIC = "is not at a public web address"


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    url: str = ""


def _allowed_host(host: str, port: int) -> bool:
    allowed = {h.lower() for h in getattr(settings, "FETCH_ALLOWED_HOSTS", [])}
    return host.lower() in allowed or f"{host.lower()}:{port}" in allowed


def is_public_ip(value: str) -> bool:
    """Whether an address is on the public internet (not ours, not the cloud's, not anyone's LAN)."""
    address = ipaddress.ip_address(value.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is not None:
            address = embedded
    return address.is_global and not address.is_multicast


def _split(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(NOT_PUBLIC)
    try:
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise FetchRefused(UNREACHABLE) from error
    if not host:
        raise FetchRefused(UNREACHABLE)
    return scheme, host, port or (443 if scheme == "https" else 80)


def resolve_public(url: str) -> tuple[str, str, int, str]:
    """Check an address: (scheme, host, port, the IP address to connect to), or FetchRefused."""
    scheme, host, port = _split(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        logger.info("Fetching %s: the host did not resolve (%s)", url, error)
        raise FetchRefused(UNREACHABLE) from error
    addresses = [str(info[4][0]) for info in found]
    if not addresses:
        raise FetchRefused(UNREACHABLE)
    if not _allowed_host(host, port) and not all(is_public_ip(a) for a in addresses):
        logger.warning("Fetching %s refused: %s is not public", url, addresses)
        raise FetchRefused(NOT_PUBLIC)
    return scheme, host, port, addresses[0]


def validate_public_url(value: str) -> None:
    """A form and model check: refuse an address the server would refuse to fetch.

    A host that does not resolve now is let through (it may be down for a
    while); the fetcher checks the address again every time it fetches.
    """
    try:
        resolve_public(value)
    except FetchRefused as refused:
        if refused.reason == UNREACHABLE:
            return
        raise ValidationError(
            "The town hall can only fetch from public web addresses (http:// or https://), "
            "not from this one.",
            code="not_public",
        ) from refused


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address already checked, whatever the host name resolves to now."""

    def __init__(self, host: str, port: int, *, ip: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, ip: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        # The certificate is checked against the host name, as a browser would.
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def fetch_public(
    url: str, *, headers: dict[str, str], max_bytes: int, deadline_seconds: float
) -> Answer:
    """GET a public address, following up to five redirects, each one checked again.

    Raises FetchRefused with a generic reason; 304 and error statuses are
    returned as answers for the caller to judge.
    """
    deadline = time.monotonic() + deadline_seconds
    for _ in range(MAX_REDIRECTS + 1):
        answer = _get_once(url, headers=headers, max_bytes=max_bytes, deadline=deadline)
        location = answer.headers.get("location")
        if answer.status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        answer.url = url
        return answer
    raise FetchRefused(UNREACHABLE)


def _get_once(url: str, *, headers: dict[str, str], max_bytes: int, deadline: float) -> Answer:
    scheme, host, port, ip = resolve_public(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchRefused(TOO_SLOW)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, ip=ip, timeout=remaining)
    # The overall deadline: a server sending a byte every few seconds never resets it.
    timer = threading.Timer(remaining, _cut, args=(connection,))
    timer.start()
    try:
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        body = b""
        if response.status == 200:
            chunks, size = [], 0
            while chunk := response.read1(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchRefused(TOO_LARGE)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise FetchRefused(TOO_SLOW)
            if time.monotonic() > deadline:  # cut off by the timer part way through
                raise FetchRefused(TOO_SLOW)
            body = b"".join(chunks)
        return Answer(
            status=response.status,
            headers={k.lower(): v for k, v in response.getheaders()},
            body=body,
        )
    except FetchRefused:
        raise
    except (OSError, http.client.HTTPException, ValueError) as error:
        if time.monotonic() >= deadline:
            raise FetchRefused(TOO_SLOW) from error
        logger.info("Fetching %s failed: %s", url, error)
        raise FetchRefused(UNREACHABLE) from error
    finally:
        timer.cancel()
        connection.close()


def _cut(connection: http.client.HTTPConnection) -> None:
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
