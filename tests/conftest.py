"""Shared fixtures: a pilot site, the cast of one person per role, and a query-count check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programme import services
from programme.models import Role

from .factories import DiscussionFactory, PilotSiteFactory, UserFactory, live_townhall

# Every role of DESIGN.md, plus the two kinds of person without one.
CAST = [
    "anonymous",
    "resident",
    "coordinator",
    "critical_friend",
    "site_lead",
    "officer",
    "elected_member",
    "ambassador",
    "content_provider",
]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fast hasher: the tests create many accounts and hashing is not what they test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Query counts are pinned for a cold cache (the worst case); tests of the site's data
    # cache turn it on themselves.
    settings.TOWNHALL_DATA_CACHE_SECONDS = 0
    # Page views are added to the day's counts at once, so a test reads what it made.
    settings.REACH_FLUSH_SECONDS = 0
    # Tasks (every email) run at once, unless a test is about the queue itself.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Each test's database starts its ids and versions afresh; so must the page cache.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def site(db):
    return PilotSiteFactory.create(
        name="Kirklees",
        slug="kirklees",
        council_name="Kirklees Council",
        council_kind="metropolitan",
    )


@pytest.fixture
def other_site(db):
    return PilotSiteFactory.create(name="Chorley", slug="chorley", council_name="Chorley Council")


@pytest.fixture
def townhall(site):
    """The site's town hall, live. A file needing more of it (a name, a website, the data
    cache on) overrides this fixture with its own."""
    return live_townhall(site)


@pytest.fixture
def thread(townhall, ambassador):
    """A discussion on the live town hall, started by its ambassador."""
    return DiscussionFactory.create(
        site=townhall,
        started_by=ambassador,
        title="Bus routes",
        first_post__body="What should change?",
        first_post__capacity="ambassador:kirklees",
    )


def make_person(role: str, site=None, **kwargs):
    """A person holding `role` (at `site` for site roles), granted through the service."""
    user = UserFactory.create(email=f"{role.replace('_', '-')}@example.org", **kwargs)
    if role not in ("resident", "anonymous"):
        services.grant_role(
            actor=None,
            user=user,
            role=Role(role),
            site=None if Role(role) in {Role.COORDINATOR, Role.CRITICAL_FRIEND} else site,
        )
    return user


@pytest.fixture
def resident(db):
    return make_person("resident", full_name="Rosa Green")


@pytest.fixture
def coordinator(db):
    return make_person("coordinator", full_name="Clara Ward")


@pytest.fixture
def critical_friend(db):
    return make_person("critical_friend", full_name="Felix Hart")


@pytest.fixture
def site_lead(site):
    return make_person("site_lead", site, full_name="Laila Hussain")


@pytest.fixture
def officer(site):
    return make_person("officer", site, full_name="Owen Bright")


@pytest.fixture
def elected_member(site):
    return make_person("elected_member", site, full_name="Margaret Lee")


@pytest.fixture
def ambassador(site):
    return make_person("ambassador", site, full_name="Amir Patel")


@pytest.fixture
def content_provider(site):
    return make_person("content_provider", site, full_name="Priya Shah")


@pytest.fixture
def person(request):
    """The member of the cast named by the `role` parameter (None for anonymous)."""
    role = request.getfixturevalue("role")
    if role == "anonymous":
        request.getfixturevalue("db")
        return None
    return request.getfixturevalue(role)


@pytest.fixture
def client_as(client):
    """Sign the test client in as a person (or leave it anonymous for None)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def assert_bounded_queries(client) -> Callable[..., list[int]]:
    """The one way the tests pin query counts: each page at `urls` runs the same number of
    queries with little data and after `grow()` adds many more rows that it shows.

    Uses the `client` fixture, so a test signs in with `client_as` (or `client.force_login`)
    first. `warm` asks each page once, unmeasured, before measuring it (for pages that keep
    what every reader shares). Returns the counts, for a test that also caps them.
    """

    def check(
        urls: str | list[str], grow: Callable[[], None], *, status: int = 200, warm: bool = False
    ) -> list[int]:
        urls = [urls] if isinstance(urls, str) else urls

        def measure() -> list[CaptureQueriesContext]:
            counted = []
            for url in urls:
                if warm:
                    client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                assert response.status_code == status, url
                counted.append(queries)
            return counted

        small = measure()
        grow()
        large = measure()
        for url, before, after in zip(urls, small, large, strict=True):
            assert len(after) == len(before), (
                f"{url} ran {len(before)} queries before and {len(after)} after adding rows:\n"
                + "\n".join(q["sql"] for q in after.captured_queries)
            )
        return [len(queries) for queries in small]

    return check
