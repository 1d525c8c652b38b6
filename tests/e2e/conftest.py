"""Browser tests: Playwright drives Debian's Chromium against a live server.

Run with the rest (`make test`), or alone with `pytest tests/e2e`.
"""

from __future__ import annotations

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from programme import services
from programme.models import Role

from ..factories import PASSWORD, PilotSiteFactory, UserFactory
from .pace import PHONE, type_in

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    # Playwright's sync API runs an event loop in the test thread for the whole
    # session; the ORM calls that fixtures make from that thread are still
    # synchronous. Set for the browser tests only, and removed after them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def _timeouts(_allow_orm_beside_playwright, page):
    page.set_default_timeout(10_000)


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(page):
    """Every page runs under the real Content-Security-Policy; anything it refuses (an
    inline style, a script without the nonce) fails the test that loaded it."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert not refused, "\n".join(refused)


def assert_accessible(page) -> None:
    """Run axe-core with the WCAG 2.2 AA rules on the current page; fail on any violation.

    Transitions under way (a button fading to its hover colours under the pointer) are let
    finish first: colours caught halfway are no colours a person reads. And the page has
    arrived whole first: on a throttled network a page still streaming in has inputs whose
    labels are yet to come."""
    page.wait_for_load_state("load")
    # Finite transitions only, and a second at most: an endless animation never finishes.
    page.evaluate(
        """Promise.race([
            Promise.all(document.getAnimations()
                .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
                .map((a) => a.finished.catch(() => null))),
            new Promise((done) => setTimeout(done, 1000)),
        ])"""
    )
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture(autouse=True)
def _fresh_content_types():
    # Browser tests flush the database between tests, which renumbers content
    # types; Django's in-process cache of them would then point at stale ids.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


WIDTHS = {"laptop": 1280, "phone": 390}


@pytest.fixture(params=list(WIDTHS.values()), ids=list(WIDTHS))
def width(request, page):
    """The test runs twice: on a laptop's width and on a phone's."""
    page.set_viewport_size({"width": request.param, "height": 860})
    return request.param


@pytest.fixture
def live_site(transactional_db):
    return PilotSiteFactory.create(
        name="Kirklees", slug="kirklees", council_name="Kirklees Council"
    )


@pytest.fixture
def sign_in(page, live_server):
    """Sign in through the real form, as a person would: a key at a time."""

    def do(user, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/sign-in/")
        type_in(page.get_by_label("Email address"), user.email)
        type_in(page.get_by_label("Password"), password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return do


def person_with_role(role: Role | None, site=None, **kwargs):
    user = UserFactory.create(**kwargs)
    if role is not None:
        services.grant_role(actor=None, user=user, role=role, site=site)
    return user


def signed_in_on_a_phone(browser, live_server, user):
    """A new browser the width of a phone, signed in through the form a key at a time; the
    context and its page (the context is the caller's to close)."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(20_000)  # generous: these journeys run on a slow network
    page.goto(f"{live_server.url}/accounts/sign-in/")
    type_in(page.get_by_label("Email address"), user.email)
    type_in(page.get_by_label("Password"), PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign in")).to_have_count(0)
    return context, page
