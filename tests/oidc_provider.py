"""A real OpenID provider on loopback for the tests: the certified `oidc-provider` package
(tests/oidc/provider.mjs, installed by `make browser`), one process per use."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROVIDER = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "townhall"
CLIENT_SECRET = "a-client-secret-only-the-tests-know-0123456789"

# The people at the council's provider, by account id: the claims it releases for each.
ACCOUNTS = {
    "new-officer": {
        "email": "Ola.Officer@Kirklees.gov.uk",
        "email_verified": True,
        "name": "Ola Officer",
        # Roles and groups the provider holds are never taken as roles here.
        "roles": ["coordinator", "admin"],
        "groups": ["Domain Admins"],
    },
    "member": {"email": "margaret.lee@kirklees.gov.uk", "email_verified": True, "name": "M Lee"},
    "entra-member": {"email": "margaret.lee@kirklees.gov.uk", "xms_edov": True},
    "impostor": {"email": "margaret.lee@kirklees.gov.uk", "email_verified": False},
    "outsider": {"email": "someone@example.com", "email_verified": True, "name": "Someone"},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def openid_provider(base_url: str) -> Iterator[str]:
    """A provider whose one client returns to `base_url` (its callback, and its home page
    after signing out); yields the issuer's address."""
    if not (PROVIDER / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("The test OpenID provider is not installed: run `make browser`.")
    port = free_port()
    config = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{base_url}/accounts/council/callback/"],
                "post_logout_redirect_uris": [f"{base_url}/"],
            }
        ],
        "accounts": ACCOUNTS,
    }
    node = subprocess.Popen(
        [
            shutil.which("node") or "node",
            str(PROVIDER / "provider.mjs"),
            str(port),
            json.dumps(config),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert node.stdout is not None
        assert node.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        node.terminate()
        node.wait(timeout=10)


def configure(settings, issuer: str) -> None:
    settings.OIDC_ISSUER = issuer
    settings.OIDC_CLIENT_ID = settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ALLOWED_DOMAINS = ["kirklees.gov.uk"]
