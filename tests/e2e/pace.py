"""A person's pace in the browser: typing a key at a time, pressing the next button while
the cursor is still in a field, waiting past the editor's pause, a phone's width, a slow
network, and every fetched request watched for an error.

A test that types instantly and clicks at once passes where people fail: the journeys that
have autosave, fetched parts or rescued words use these.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Locator, Page, Response

KEY_DELAY_MS = 45  # a quick typist: about 25 words a minute
AUTOSAVE_PAUSE_MS = 1500  # static/js/editor.js: PAUSE
PHONE = {"width": 390, "height": 844}


def type_in(field: Locator, text: str) -> None:
    """Click into the field, as a person does, and type the text a key at a time after what
    it holds (as someone clicks after their own words), or over what the page selected."""
    field.click()
    field.evaluate(
        """(el) => { try { if (el.selectionStart === el.selectionEnd)
                       el.setSelectionRange(el.value.length, el.value.length); }
                     catch (e) { /* email and others keep no selection: typed at the end */ } }"""
    )
    field.press_sequentially(text, delay=KEY_DELAY_MS)


def replace_in(field: Locator, text: str) -> None:
    """Select what the field holds and type over it, a key at a time."""
    field.click()
    field.press("ControlOrMeta+a")
    field.press_sequentially(text, delay=KEY_DELAY_MS)


def wait_past_the_pause(page: Page) -> None:
    """Longer than the editor waits after the last key before it saves itself, plus its answer."""
    page.wait_for_timeout(AUTOSAVE_PAUSE_MS + 1500)


def slow_network(page: Page, *, latency_ms: int = 300, kbps: int = 400) -> None:
    """Chromium's own throttling (a slow mobile connection) for every request of the page."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency_ms,
            "downloadThroughput": kbps * 1024 / 8,
            "uploadThroughput": kbps * 1024 / 8,
        },
    )


class FetchWatch:
    """Every request a page's script makes (htmx, fetch) that answered with an error."""

    def __init__(self, page: Page) -> None:
        self.failed: list[str] = []
        page.on("response", self._seen)

    def _seen(self, response: Response) -> None:
        request = response.request
        if request.resource_type in ("xhr", "fetch") and response.status >= 400:
            self.failed.append(f"{request.method} {response.url} → {response.status}")


@contextmanager
def no_failed_fetches(page: Page) -> Iterator[FetchWatch]:
    """Fails the block it wraps if any request made by script answered with an error."""
    watch = FetchWatch(page)
    yield watch
    assert not watch.failed, "\n".join(watch.failed)
