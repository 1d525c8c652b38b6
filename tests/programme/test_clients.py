"""The client's address is read through the trusted proxies only, for every limit and for axes."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from programme.platform.clients import client_address
from tests.factories import PASSWORD


def request(xff=None, remote="10.0.0.5"):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "xff", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.5"),  # no proxy: the header is never read
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # a forged first entry is ignored
        (2, "198.51.100.1, 203.0.113.7, 192.0.2.10", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.5"),  # fewer entries than proxies: trust the connection
        (1, "not-an-address", "10.0.0.5"),
        (1, "203.0.113.7\x00", "10.0.0.5"),
        (1, "", "10.0.0.5"),
        (1, None, "10.0.0.5"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_nth_address_from_the_right(settings, count, xff, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_address(request(xff)) == expected


def test_wrong_passwords_behind_a_proxy_lock_out_that_client_only(settings, client, resident):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": resident.email, "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.66",
            REMOTE_ADDR="10.0.0.5",
        )
    locked = client.post(
        reverse("accounts:login"),
        {"username": resident.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.66",
        REMOTE_ADDR="10.0.0.5",
    )
    assert locked.status_code == 429
    # The councillor herself, elsewhere behind the same proxy, still signs in.
    allowed = client.post(
        reverse("accounts:login"),
        {"username": resident.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.1",
        REMOTE_ADDR="10.0.0.5",
    )
    assert allowed.status_code == 302
    assert allowed["Location"] == reverse("home")
