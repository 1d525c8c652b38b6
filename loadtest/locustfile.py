"""The mixed load `make loadtest` drives: 80% anonymous readers, 15% signed-in readers,
5% writers (replying in a discussion, commenting on a consultation, registering for a
workshop). Every simulated person sends requests back to back (a closed loop), so the
figures say what the server sustains."""

from __future__ import annotations

import itertools
import random
import re
from typing import Any

from locust import HttpUser, constant, task
from site_pages import READ, SITE  # locust puts this file's folder on the path

PAGES = [*READ, f"{SITE}/around/"]
PASSWORD = "loadtest-password"
ACCOUNTS = itertools.count()


def _token(response: Any) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    return found.group(1) if found else ""


class Visitor(HttpUser):
    """Someone reading the town hall site without signing in."""

    weight = 80
    wait_time = constant(0)

    @task
    def read(self) -> None:
        page = random.choice(PAGES)
        self.client.get(page, name=page.split("?")[0])


class Reader(Visitor):
    """A resident who signed in, reading (no page cache for them)."""

    weight = 15

    def on_start(self) -> None:
        self.email = f"reader{next(ACCOUNTS) % 400}@loadtest.example"
        form = self.client.get("/accounts/sign-in/", name="sign in")
        signed = self.client.post(
            "/accounts/sign-in/",
            {
                "csrfmiddlewaretoken": _token(form),
                "username": self.email,
                "password": PASSWORD,
            },
            name="sign in",
            allow_redirects=False,
        )
        if signed.status_code != 302:
            raise RuntimeError(f"{self.email} could not sign in ({signed.status_code})")


class Writer(Reader):
    """A resident taking part: a reply, a comment, a registration (within the site's
    limits on how often one person may post)."""

    weight = 5

    def on_start(self) -> None:
        super().on_start()
        listing = self.client.get(f"{SITE}/discussions/", name=f"{SITE}/discussions/").text
        self.discussions = sorted(set(re.findall(rf"{SITE}/discussions/(\d+)/", listing)))
        policies = self.client.get("/policies/", name="/policies/").text
        self.policy = next(iter(re.findall(r'href="(/policies/[a-z0-9-]+/)"', policies)), "")
        workshops = self.client.get("/workshops/", name="/workshops/").text
        self.workshops = sorted(set(re.findall(r'href="/workshops/([a-z0-9-]+)/"', workshops)))
        self.replies = self.comments = 0

    @task(2)
    def reply(self) -> None:
        if not self.discussions or self.replies >= 4:  # the site allows 5 posts in 10 minutes
            return self.read()
        url = f"{SITE}/discussions/{random.choice(self.discussions)}/"
        form = self.client.get(url, name=f"{SITE}/discussions/[id]/")
        self.replies += 1
        self._write(
            url,
            {"csrfmiddlewaretoken": _token(form), "body": "Load test: the 303 runs late again."},
            "reply in a discussion",
        )

    @task(1)
    def comment(self) -> None:
        if not self.policy or self.comments >= 8:  # 10 comments in 10 minutes
            return self.read()
        page = self.client.get(self.policy, name="/policies/[slug]/")
        keys = re.findall(r'name="section" value="([^"]+)"', page.text)
        if not keys:
            return None
        key = random.choice(keys)
        self.comments += 1
        self._write(
            self.policy,
            {
                "csrfmiddlewaretoken": _token(page),
                "section": key,
                f"{key}-stance": "support",
                f"{key}-body": "Load test: clear and fair.",
            },
            "comment on a consultation",
        )

    @task(1)
    def register(self) -> None:
        if not self.workshops:
            return self.read()
        slug = self.workshops.pop()
        form = self.client.get(f"/workshops/{slug}/register/", name="/workshops/[slug]/register/")
        if form.status_code != 200:
            return None
        audience = re.search(r'name="audience" value="([^"]+)"', form.text)
        self._write(
            f"/workshops/{slug}/register/",
            {
                "csrfmiddlewaretoken": _token(form),
                "audience": audience.group(1) if audience else "residents",
                "consent": "on",
            },
            "register for a workshop",
        )

    def _write(self, url: str, data: dict[str, str], name: str) -> None:
        """A write the site's rules refuse (a full workshop, a closed consultation) is an
        answer (4xx with the reason beside the field), not an error; a 5xx is."""
        with self.client.post(url, data, name=name, catch_response=True) as response:
            if response.status_code < 500:
                response.success()
