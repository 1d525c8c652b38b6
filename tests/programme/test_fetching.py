"""The server fetches only public addresses: checked on every hop, pinned, and on a deadline."""

import socket
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programme.models import AuditEntry
from programme.platform.fetching import (
    UNREACHABLE,
    FetchRefused,
    fetch_public,
    is_public_ip,
    resolve_public,
    validate_public_url,
)
from programme.services import audit
from tests.feed_server import feed_server
from townhall.models import FeedChecker
from townhall.services import aggregation

INTERNAL = [
    "http://127.0.0.1:8000/",
    "http://localhost/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://172.16.0.1/",
    "http://100.64.0.1/",  # shared address space
    "http://0.0.0.0/",
    "http://2130706433/",  # 127.0.0.1 written as one number
    "http://0x7f.1/",
    "http://224.0.0.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped
    "http://[::ffff:a9fe:a9fe]/",  # 169.254.169.254, mapped
    "http://[fc00::1]/",
    "http://[fe80::1]/",
    "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
]


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_are_refused_before_any_connection(url, monkeypatch):
    def no_connection(*args, **kwargs):
        raise AssertionError("connected to an internal address")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    with pytest.raises(FetchRefused) as refused:
        fetch_public(url, headers={}, max_bytes=1000, deadline_seconds=5)
    assert refused.value.reason == "is not at a public web address"


@pytest.mark.parametrize(
    "url", ["ftp://example.org/feed", "file:///etc/passwd", "gopher://x/", "javascript:alert(1)"]
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchRefused):
        fetch_public(url, headers={}, max_bytes=1000, deadline_seconds=5)


def test_public_addresses_are_public():
    assert is_public_ip("93.184.215.14")
    assert is_public_ip("2606:4700::1111")
    assert not is_public_ip("127.0.0.1")
    assert not is_public_ip("::ffff:10.0.0.1")


def test_the_allow_list_is_empty_by_default_and_not_implied_by_debug(settings):
    from config import settings as project_settings

    assert project_settings.FETCH_ALLOWED_HOSTS == []
    settings.DEBUG = True
    with pytest.raises(FetchRefused):
        fetch_public("http://127.0.0.1:1/", headers={}, max_bytes=10, deadline_seconds=1)


@pytest.fixture
def allowed_server(settings):
    with feed_server() as server:
        settings.FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{server.server_address[1]}"]
        yield server


def test_a_redirect_to_an_internal_address_is_refused(allowed_server):
    url = allowed_server.url("redirect?to=http://169.254.169.254/latest/meta-data/")
    with pytest.raises(FetchRefused) as refused:
        fetch_public(url, headers={}, max_bytes=1000, deadline_seconds=5)
    assert refused.value.reason == "is not at a public web address"


def test_a_redirect_to_another_scheme_is_refused(allowed_server):
    url = allowed_server.url("redirect?to=ftp://example.org/feed.xml")
    with pytest.raises(FetchRefused):
        fetch_public(url, headers={}, max_bytes=1000, deadline_seconds=5)


def test_an_allowed_redirect_is_followed(allowed_server):
    target = allowed_server.url("local_news.xml")
    answer = fetch_public(
        allowed_server.url(f"redirect?to={target}"),
        headers={},
        max_bytes=1_000_000,
        deadline_seconds=5,
    )
    assert answer.status == 200
    assert b"<rss" in answer.body
    assert answer.url == target


def test_the_connection_goes_to_the_address_that_was_checked(settings, allowed_server, monkeypatch):
    """A second DNS answer (rebinding) cannot swap the checked address for another."""
    port = allowed_server.server_address[1]
    settings.FETCH_ALLOWED_HOSTS = [f"feeds.example:{port}"]
    answers = iter(["127.0.0.1", "10.255.255.1"])
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "feeds.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    answer = fetch_public(
        f"http://feeds.example:{port}/local_news.xml",
        headers={},
        max_bytes=1_000_000,
        deadline_seconds=3,
    )
    assert answer.status == 200
    assert allowed_server.requests_seen[-1]["Host"] == f"feeds.example:{port}"


def test_a_server_sending_a_byte_at_a_time_is_cut_off_at_the_deadline(allowed_server):
    started = time.monotonic()
    with pytest.raises(FetchRefused) as refused:
        fetch_public(
            allowed_server.url("drip/local_news.xml"),
            headers={},
            max_bytes=1_000_000,
            deadline_seconds=1,
        )
    assert refused.value.reason == "was too slow"
    assert time.monotonic() - started < 3  # per-read timeouts alone would take 50 s


def test_an_answer_larger_than_allowed_is_refused(allowed_server):
    with pytest.raises(FetchRefused) as refused:
        fetch_public(
            allowed_server.url("local_news.xml"), headers={}, max_bytes=100, deadline_seconds=5
        )
    assert refused.value.reason == "is too large"


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379/", "http://169.254.169.254/latest/"])
def test_validation_refuses_internal_feed_addresses(url):
    with pytest.raises(ValidationError):
        validate_public_url(url)


def test_a_host_that_does_not_resolve_now_may_still_be_recorded():
    # The fetcher would not reach it now, and says why ...
    with pytest.raises(FetchRefused) as refused:
        resolve_public("https://feeds.invalid/news.xml")
    assert refused.value.reason == UNREACHABLE
    # ... yet the form takes it: it may be down for a while, and is checked at every fetch.
    validate_public_url("https://feeds.invalid/news.xml")  # raises nothing


def test_the_audit_form_refuses_an_internal_feed_with_a_plain_message(client_as, site_lead, site):
    response = client_as(site_lead).post(
        reverse("programme:audit_add"),
        {
            "site": site.pk,
            "category": "news",
            "name": "Metadata",
            "url": "https://news.example/",
            "feed_url": "http://169.254.169.254/latest/meta-data/",
            "relationship": "none",
        },
    )
    assert response.status_code == 200
    assert "can only fetch from public web addresses" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_the_fetcher_refuses_an_internal_address_already_stored(coordinator, site, allowed_server):
    entry = audit.add_audit_entry(
        actor=coordinator,
        site=site,
        category="news",
        name="Old row",
        url="https://news.example/",
        feed_url="https://news.example/feed",
    )
    AuditEntry.objects.filter(pk=entry.pk).update(feed_url="http://127.0.0.1:9/feed")
    entry.refresh_from_db()
    outcome = aggregation.refresh(entry, by=FeedChecker.SCHEDULE)
    assert not outcome.healthy
    assert outcome.problem == "The feed is not at a public web address."
