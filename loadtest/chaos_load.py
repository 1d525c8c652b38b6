"""The steady mixed load `make chaos` runs while it breaks things, and its ledger.

Each simulated person is a thread with its own `requests` session sending requests back
to back: page views, and writes that each carry a marker of their own (a new address
signing up, a comment or a reply whose words are unique, a registration for a workshop by
one account). A write goes in the ledger only when the server said it succeeded (the
redirect the site answers a taken form with), so the ledger is exactly what people were
told was saved. Every request is also noted with its times and outcome, for recovery.
"""

from __future__ import annotations

import itertools
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import requests
from site_pages import READ, SITE  # loadtest's modules import each other by name

PAGES = [*READ, "/"]
PASSWORD = "loadtest-password"
ACCOUNTS = 400
WRITES_PER_ACCOUNT = 4  # under the per-person limits (5 replies, 10 comments in 10 minutes)
TIMEOUT = 15
NEXT_ACCOUNT = itertools.count()  # each account writes for one person, a few times


@dataclass
class Outcome:
    started: float
    ended: float
    ok: bool
    status: int  # 0: no answer (connection refused or reset, timed out)


@dataclass
class Ledger:
    """What the server acknowledged, and how every request went."""

    run: str
    signups: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    registrations: list[tuple[str, str]] = field(default_factory=list)  # (workshop slug, email)
    outcomes: list[Outcome] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)  # 4xx to a write: the site's rules
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    @property
    def writes(self) -> int:
        return len(self.signups) + len(self.comments) + len(self.posts) + len(self.registrations)


class NoAnswer(Exception):
    """The request failed or the answer was not the one success gives."""


class Person(threading.Thread):
    """One simulated resident: reads, and now and then writes, until told to stop."""

    def __init__(self, base: str, ledger: Ledger, stop: threading.Event, numbers: itertools.count):
        super().__init__(daemon=True)
        self.base, self.ledger, self.stop, self.numbers = base, ledger, stop, numbers
        self.random = random.Random()
        self.session: requests.Session | None = None
        self.email = ""
        self.writes_left = 0
        self.registered: set[str] = set()

    # Requests, each noted with its outcome.
    def _request(
        self, session: requests.Session, method: str, path: str, ok: tuple[int, ...], **kw: object
    ) -> requests.Response:
        started = time.monotonic()
        try:
            response = session.request(
                method, self.base + path, timeout=TIMEOUT, allow_redirects=False, **kw
            )
        except requests.RequestException as error:
            self.ledger.note(Outcome(started, time.monotonic(), False, 0))
            raise NoAnswer(str(error)) from error
        good = response.status_code in ok
        self.ledger.note(
            Outcome(started, time.monotonic(), response.status_code < 500, response.status_code)
        )
        if not good:
            if 400 <= response.status_code < 500 and method == "POST":
                kind = re.sub(r"[0-9]+|[a-z0-9-]{12,}", "…", path)
                with self.ledger.lock:
                    self.ledger.refused[f"{kind} {response.status_code}"] += 1
            raise NoAnswer(f"{method} {path}: {response.status_code}")
        return response

    def _client(self) -> requests.Session:
        """A browser of its own, behind the one proxy the stack is told it has."""
        session = requests.Session()
        address = f"10.{self.random.randrange(256)}.{self.random.randrange(256)}.{self.random.randrange(1, 255)}"
        session.headers["X-Forwarded-For"] = address
        return session

    def _token(self, response: requests.Response) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        return found.group(1) if found else ""

    def _signed_in(self) -> requests.Session:
        """The session of the account now writing: the next account after a few writes."""
        if self.session is None or self.writes_left <= 0:
            session = self._client()
            email = f"reader{next(NEXT_ACCOUNT) % ACCOUNTS}@loadtest.example"
            form = self._request(session, "GET", "/accounts/sign-in/", (200,))
            self._request(
                session,
                "POST",
                "/accounts/sign-in/",
                (302,),
                data={
                    "csrfmiddlewaretoken": self._token(form),
                    "username": email,
                    "password": PASSWORD,
                },
            )
            self.session, self.email, self.writes_left = session, email, WRITES_PER_ACCOUNT
            self.registered = set()
        self.writes_left -= 1
        return self.session

    # What a person does.
    def view(self) -> None:
        self._request(self._client(), "GET", self.random.choice(PAGES), (200,))

    def sign_up(self) -> None:
        session = self._client()
        email = f"chaos-{self.ledger.run}-{next(self.numbers)}@loadtest.example"
        form = self._request(session, "GET", "/accounts/sign-up/", (200,))
        password = f"Tall-kettle-{self.random.randrange(10**9)}"
        self._request(
            session,
            "POST",
            "/accounts/sign-up/",
            (302,),
            data={
                "csrfmiddlewaretoken": self._token(form),
                "full_name": "Chaos Tester",
                "email": email,
                "password": password,
                "password_again": password,
            },
        )
        with self.ledger.lock:
            self.ledger.signups.append(email)

    def comment(self) -> None:
        session = self._signed_in()
        listing = self._request(session, "GET", "/policies/", (200,))
        policies = re.findall(r'href="(/policies/[a-z0-9-]+/)"', listing.text)
        if not policies:
            return
        sections: list[tuple[str, str]] = []
        for policy in policies:  # the first whose consultation is open
            page = self._request(session, "GET", policy, (200,))
            sections = re.findall(
                r'href="(/policies/[a-z0-9-]+/v\d+/sections/([^/"]+)/comment/)', page.text
            )
            if sections:
                break
        if not sections:
            return
        url, key = self.random.choice(sections)
        form = self._request(session, "GET", url, (200,))
        body = f"Chaos {self.ledger.run} comment {next(self.numbers)}: clear and fair."
        data = {
            "csrfmiddlewaretoken": self._token(form),
            f"{key}-stance": "support",
            f"{key}-body": body,
        }
        capacity = re.search(rf'name="{re.escape(key)}-capacity" value="([^"]*)"', form.text)
        if capacity:
            data[f"{key}-capacity"] = capacity.group(1)
        self._request(session, "POST", url, (302,), data=data)
        with self.ledger.lock:
            self.ledger.comments.append(body)

    def reply(self) -> None:
        session = self._signed_in()
        listing = self._request(session, "GET", f"{SITE}/discussions/", (200,))
        found = sorted(set(re.findall(rf"{SITE}/discussions/(\d+)/", listing.text)))
        if not found:
            return
        url = f"{SITE}/discussions/{self.random.choice(found)}/"
        page = self._request(session, "GET", url, (200,))
        body = f"Chaos {self.ledger.run} reply {next(self.numbers)}: the 303 runs late again."
        self._request(
            session,
            "POST",
            url,
            (302,),
            data={"csrfmiddlewaretoken": self._token(page), "body": body},
        )
        with self.ledger.lock:
            self.ledger.posts.append(body)

    def register(self) -> None:
        session = self._signed_in()
        listing = self._request(session, "GET", "/workshops/", (200,))
        slugs = sorted(
            set(re.findall(r'href="/workshops/([a-z0-9-]+)/"', listing.text)) - self.registered
        )
        self.random.shuffle(slugs)
        for slug in slugs[:3]:
            try:
                form = self._request(session, "GET", f"/workshops/{slug}/register/", (200,))
            except NoAnswer:
                self.registered.add(slug)  # not open to this person: try another
                continue
            audience = re.search(r'name="audience" value="([^"]+)"', form.text)
            self.registered.add(slug)
            self._request(
                session,
                "POST",
                f"/workshops/{slug}/register/",
                (302,),
                data={
                    "csrfmiddlewaretoken": self._token(form),
                    "audience": audience.group(1) if audience else "residents",
                    "consent": "on",
                },
            )
            with self.ledger.lock:
                self.ledger.registrations.append((slug, self.email))
            return

    def run(self) -> None:
        actions = [self.view] * 6 + [self.sign_up, self.comment, self.reply, self.register]
        while not self.stop.is_set():
            try:
                self.random.choice(actions)()
            except NoAnswer:
                time.sleep(0.2)  # a person waits a moment before trying again
