"""Deployment checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


@register(Tags.security, deploy=True)
def public_base_url_is_set(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Email links and calendar UIDs are built from PUBLIC_BASE_URL: left at the development
    address, every link points at the server itself, and setting it later changes every
    calendar UID (subscribers would see each event twice)."""
    parts = urlsplit(settings.PUBLIC_BASE_URL)
    if parts.hostname in LOCAL_HOSTS or parts.hostname is None or parts.scheme != "https":
        return [
            Error(
                f"PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL!r}.",
                hint="Set PUBLIC_BASE_URL to the public https:// address of the service, "
                "e.g. https://townhall.example, before anyone receives an email or subscribes "
                "to a calendar.",
                id="programme.E001",
            )
        ]
    return []
