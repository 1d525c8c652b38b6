"""No input produces a 500 (#24, finding 13): every form, as every role, with hostile values.

The demo is seeded (with the few states it lacks), then each person of the cast walks the
site: anonymous, a resident, an officer, an elected member, an ambassador and a content
provider at Kirklees, its site lead, the critical friend, the coordinator, a staff admin,
and someone signed in whose address is not confirmed. Each opens the front doors and the
addresses only an email or a printed page leads to, then follows links and GET forms, one
address per URL pattern (Kirklees's first); every pattern of the site must be reached.

Every page is asked for again with hostile query parameters, and every form found (each
address its buttons or scripts send it to counts as one) is sent the same hostile values
(HOSTILE): every field at once with each value, every field a list, then each field alone
beside what the form held; every file input gets a file that is not an image. The posts
of one form are dealt out among the people who can open it, so that each sends some and
together they send them all; two others send it one each, as the way a form is refused
must hold too. A page that answers a post with a form of its own (a confirmation, signing
in to keep one's words) has that form sent in its turn.

Every request runs in a savepoint rolled back after it, with the person's cookies put back:
each starts from the demo as seeded, whatever the one before did (signing out, deleting a
draft, counting towards a limit). A 5xx or an exception fails the test, each kind named
once with the line it came from and a request that caused it.

Below it, the cases the fuzz found, each at the level of its class, and two it cannot
send: a session cookie holding a NUL, and the back office's sign-in.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import traceback
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import import_module
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

from programme import services
from programme.models import User
from tests.matching import first

# The same hostile values for every field.
HOSTILE: list[tuple[str, str]] = [
    ("60,000 characters", "x" * 60_000),
    ("a 20-digit id", "9" * 20),
    ("a negative number", "-1"),
    ("NUL and control characters", "a\x00b\x01c\x1b\x7fd"),
    ("unicode noncharacters", "\ufffe\uffff\ufdd0\U0010ffff"),
    ("x (as in next=x)", "x"),
    ("another host", "//evil.example"),
    ("nothing", ""),
]
# A list where one value is expected: two values under one name.
A_LIST = ["1", "9" * 20]
NOT_AN_IMAGE = b"%PDF-1.4 not an image at all\n"
# Names every page is asked for with, beside its GET forms' own; values per page.
QUERY_NAMES = ["next", "page", "q", "site", "sort", "status", "id"]
QUERIES_PER_PAGE = 2
# People who cannot open a form who send it a post all the same.
OUTSIDERS_PER_FORM = 2
# Forms on pages that answered a post, learnt per target pattern.
ANSWERED_PER_PATTERN = 2

CAST = {
    "anonymous": None,
    "resident": "resident@demo.example",
    "officer": "officer@kirklees.demo.example",
    "elected member": "member@kirklees.demo.example",
    "ambassador": "ambassador@kirklees.demo.example",
    "content provider": "provider@kirklees.demo.example",
    "site lead": "lead@kirklees.demo.example",
    "critical friend": "friend@demo.example",
    "coordinator": "coordinator@demo.example",
    "staff admin": "admin@demo.example",
    # Signed in, address not confirmed yet: what they send waits, kept, while they confirm.
    "unconfirmed": "unconfirmed@demo.example",
}
FRONT_DOORS = [
    "/",
    "/programme/",
    "/programme/actions/mine/",
    "/programme/evaluation/",
    "/programme/moderation/",
    "/workshops/my/calendar/",
    "/ambassadors/",
    "/ambassadors/apply/",
    "/ambassadors/me/",
    "/sites/kirklees/",
    "/sites/kirklees/edit/",
    "/accounts/profile/",
    "/following/mine/",
    "/accounts/sign-in/",
    "/accounts/sign-up/",
    # Council sign-in is off in the demo: both answer with the sign-in page. Hostile answers
    # from a configured provider: tests/programme/test_council_sign_in.py.
    "/accounts/council/",
    "/accounts/council/callback/",
    "/admin/",
]
# Forms no page of the demo shows (a go-live sign-off needs every checklist item done):
# their method, address and field names, written out.
NOT_SHOWN = [
    ("post", "/programme/sites/chorley/sign-off/site_lead/", ["note"]),
    ("post", "/programme/sites/chorley/sign-offs/1/withdraw/", []),
]
NEVER_FOLLOWED = ("/static/",)


@dataclass
class Form:
    """What a browser could send from one <form>."""

    method: str
    targets: list[str]
    multipart: bool
    names: list[str] = field(default_factory=list)  # every name, buttons' too
    files: list[str] = field(default_factory=list)
    values: list[tuple[str, str]] = field(default_factory=list)  # sent with no button pressed


class _Reader(HTMLParser):
    """A page's links and forms, with the addresses each form's buttons and scripts send
    it to (formaction, data-keep-url, hx-post)."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._first: tuple[str, str] | None = None
        self._chosen = False
        self._text = ""

    def _target(self, address: str | None) -> None:
        if self.form is not None and address:
            full = urljoin(self.url, address)
            if full not in self.form.targets:
                self.form.targets.append(full)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: C901 (one branch per kind of control a browser sends)
        a = {k: v or "" for k, v in attrs}
        if tag in ("a", "link") and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        for script in ("data-hx-get", "hx-get"):  # a people picker's search, say
            if a.get(script):
                self.links.append(urljoin(self.url, a[script]))
        if tag == "form":
            self.form = Form(
                method=(a.get("method") or "get").lower(),
                targets=[],
                multipart=a.get("enctype") == "multipart/form-data",
            )
            self._target(a.get("action") or self.url)
            self._target(a.get("data-keep-url"))
            self.forms.append(self.form)
            return
        form = self.form
        if form is None:
            return
        for address in ("formaction", "data-keep-url", "data-hx-post", "hx-post"):
            self._target(a.get(address))
        name, kind = a.get("name"), (a.get("type") or "text").lower()
        if not name and tag != "option":
            return
        if name and tag in ("input", "button", "textarea", "select") and name not in form.names:
            form.names.append(name)
        if tag == "input" and kind == "file":
            form.files.append(name or "")
        elif tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in a:
                form.values.append((name or "", a.get("value") or "on"))
        elif tag == "input" and kind not in ("submit", "button", "image", "reset"):
            form.values.append((name or "", a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, ""
        elif tag == "select":
            self._select, self._first, self._chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._first = self._first or (self._select, value)
            if "selected" in a:
                self._chosen = True
                form.values.append((self._select, value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self._textarea and self.form is not None:
            self.form.values.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select and self.form is not None:
            if not self._chosen and self._first:
                self.form.values.append(self._first)
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


def read_page(url: str, html: str) -> _Reader:
    reader = _Reader(url)
    reader.feed(html)
    return reader


def pattern_of(url: str) -> str | None:
    """The URL pattern an address of this site resolves to (None for anywhere else)."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(NEVER_FOLLOWED):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name or match.route


def every_pattern() -> set[str]:
    """Every URL pattern of the site but the admin's own (walked as far as it links)."""
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace != "admin":
                    walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern):
                names.add(f"{namespace}{entry.name}" if entry.name else str(entry.pattern))

    walk(get_resolver(), "")
    return names


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def where(error: BaseException) -> str:
    """The last line of our own code the error passed through (else Django's)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if ".venv" not in f.filename and "/tests/" not in f.filename]
    frame = (ours or frames)[-1]
    return f"{frame.filename.split('site-packages/')[-1].split('/main/')[-1]}:{frame.lineno}"


@dataclass
class Person:
    """One member of the cast; each request from the demo as seeded."""

    role: str
    client: Client
    failures: list[str]
    sent: int = 0
    pages: dict[str, str] = field(default_factory=dict)  # each address walked, and its HTML

    def send(self, method: str, url: str, data: Any = None, what: str = "") -> tuple[int, str]:
        """One request in a savepoint rolled back after it, with these cookies put back
        (whatever it did, signing out included, is undone). A 5xx or an exception is a
        failure. Returns the status and the HTML, if HTML came back."""
        status, html, _ = self.open(method, url, data, what)
        return status, html

    def open(self, method: str, url: str, data: Any = None, what: str = "") -> tuple[int, str, str]:
        """`send`, also saying where a redirect leads."""
        cookies = self.client.cookies
        self.client.cookies = type(cookies)(cookies)
        self.sent += 1
        try:
            with transaction.atomic():
                if method == "post":
                    response = self.client.post(url, data or {})
                else:
                    response = self.client.get(url, data or {})
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 (every failure is the finding, whatever its kind)
            self.failures.append(
                f"{type(error).__name__}: {str(error)[:150]!r} at {where(error)}"
                f" — {self.role} {method.upper()} {url[:100]} {what}"
            )
            return 500, "", ""
        finally:
            self.client.cookies = cookies
        status = response.status_code
        if status >= 500:
            self.failures.append(f"{status} — {self.role} {method.upper()} {url[:100]} {what}")
        moved = response.get("Location", "") if status in (301, 302, 303, 307) else ""
        if "html" not in response.get("Content-Type", ""):
            return status, "", moved
        return status, response.content.decode(), moved

    def walk(self, doors: list[str]) -> None:
        """Every door, then the links and GET forms found, one address per pattern,
        Kirklees's first (where the site roles are held)."""
        seen: set[str] = set()
        doors = list(dict.fromkeys(doors))
        queue = list(doors)
        while queue:
            url = queue.pop(0).split("#")[0]
            name = pattern_of(url)
            if name is None or url in self.pages or (name in seen and url not in doors):
                continue
            if url not in doors:
                seen.add(name)
            status, html, moved = self.open("get", local(url))
            self.pages[url] = html if status == 200 else ""
            if moved:  # a comment's address leads to its page, say: walked as a door
                moved = urljoin(url, moved).split("#")[0]
                walked = {urlsplit(u).path for u in self.pages}
                if pattern_of(moved) and urlsplit(moved).path not in walked:
                    doors.append(moved)
                    queue.insert(0, moved)
            if status == 200 and html:
                page = read_page(url, html)
                found = page.links + [
                    t for form in page.forms if form.method == "get" for t in form.targets
                ]
                queue += sorted(found, key=lambda u: "kirklees" not in u)


Key = tuple[str, str, tuple[str, ...]]  # a form's method, target pattern and field names


@dataclass
class Forms:
    """Every form found, with who could open it, in the order they were found."""

    found: dict[Key, Form] = field(default_factory=dict)
    openers: dict[Key, list[Person]] = field(default_factory=lambda: defaultdict(list))
    # A form's other targets (a button's formaction): its fields all at once, not one by one.
    others: set[Key] = field(default_factory=set)
    answered: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def learn(self, person: Person, url: str, html: str, *, answer: bool = False) -> None:
        """The forms of a page `person` saw. A page that answered a post (a confirmation,
        signing in to keep one's words) adds at most ANSWERED_PER_PATTERN forms per target."""
        for form in read_page(url, html).forms:
            for n, target in enumerate(form.targets):
                self.add(person, form, target, answer=answer, other=n > 0)

    def add(
        self, person: Person, form: Form, target: str, *, answer: bool = False, other: bool = False
    ) -> None:
        name = pattern_of(target)
        if name is None:
            return
        key = (form.method, name, tuple(sorted(form.names)))
        if key not in self.found:
            if answer and self.answered[name] >= ANSWERED_PER_PATTERN:
                return
            self.answered[name] += answer
            self.found[key] = Form(
                form.method, [target], form.multipart, form.names, form.files, form.values
            )
            if other:
                self.others.add(key)
        if person not in self.openers[key]:
            self.openers[key].append(person)


def posts(form: Form, *, one_by_one: bool = True) -> Iterator[tuple[dict[str, Any], str]]:
    """Everything sent to one form: every field at once with each hostile value; every
    field a list; the form as it was, with a file that is not an image in each file input;
    then each field alone, beside what the form held, with one value (taken in turn, so
    that a form's fields share out the values)."""
    names = [n for n in form.names if n != "_sign_in_first"]
    if "next" not in names:
        names.append("next")

    def with_files(data: dict[str, Any]) -> dict[str, Any]:
        if form.multipart and form.method == "post":
            data.update({n: SimpleUploadedFile("photo.png", NOT_AN_IMAGE) for n in form.files})
        return data

    for label, value in HOSTILE:
        yield with_files(dict.fromkeys(names, value)), f"every field {label}"
    yield with_files(dict.fromkeys(names, A_LIST)), "every field a list"
    held: dict[str, list[str]] = defaultdict(list)
    for name, value in form.values:
        held[name].append(value)
    if form.files:
        yield with_files(dict(held)), "as it was, with a file that is not an image"
    if not one_by_one:
        return
    for i, name in enumerate(names):
        label, value = HOSTILE[i % len(HOSTILE)]
        yield with_files({**held, name: value}), f"{name}={label}"


def doors_from_the_demo() -> list[str]:  # noqa: C901 (one branch per kind of demo row)
    """The addresses only an email or a printed page leads to, and pages whose forms
    depend on what they show (one of each kind), for the demo's rows."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from ambassadors.models import Application, Reference
    from policy_drafts.models import Comment, PolicyDraft
    from programme.invitations import invitation_token
    from programme.models import PilotSite, SurveyLink, SurveyRound
    from programme.services.accounts import confirmation_link
    from townhall.models import Discussion, Page, Post, SiteEditor
    from townhall.views.public import preview_token
    from workshops.models import Registration, Workshop
    from workshops.services.registration import calendar_token_for

    resident = User.objects.get(email=CAST["resident"])
    uid = urlsafe_base64_encode(force_bytes(resident.pk))
    shown: dict[object, str] = {}
    applications = Application.objects.not_anonymised().select_related("site")
    for row in sorted(applications, key=lambda a: (a.site.slug != "kirklees", a.pk)):
        shown.setdefault(("application", row.stage), f"/ambassadors/{row.pk}/")
    for workshop in Workshop.objects.all():
        kind = (workshop.status, workshop.has_ended, workshop.is_invitation_only)
        shown.setdefault(kind, workshop.get_absolute_url())
    if mine := Registration.objects.filter(person=resident).first():
        shown["registered"] = mine.workshop.get_absolute_url()
    for draft in PolicyDraft.objects.all():
        if version := draft.versions.order_by("-number").first():
            shown.setdefault(("version", draft.status), version.get_absolute_url())
    if comment := Comment.objects.first():
        shown["comment"] = comment.get_absolute_url()
    if discussion := Discussion.objects.filter(site__pilot_site__slug="kirklees").first():
        shown["discussion"] = discussion.get_absolute_url()
    if hidden := Post.objects.filter(hidden_at__isnull=False).first():
        shown["hidden post"] = hidden.discussion.get_absolute_url()
    if not_live := next((s for s in PilotSite.objects.all() if not s.is_live), None):
        shown["site not live"] = f"/programme/sites/{not_live.slug}/"
    pages = Page.objects.filter(site__pilot_site__slug="kirklees")
    if draft_page := pages.filter(first_published_at__isnull=True).first():
        shown["draft page"] = f"/sites/kirklees/edit/pages/{draft_page.pk}/"
    doors = [
        *shown.values(),
        "/programme/sites/kirklees/",
        "/sites/kirklees/news/feed/atom/",
        "/health/",
        "/health/queue/",
        "/media/nothing-here.png",
        "/accounts/sign-up/check-your-email/",
        "/accounts/confirm-first/",
        "/accounts/sign-in/resume/kept/",
        "/accounts/password/changed/",
        "/accounts/password/reset/sent/",
        "/accounts/password/reset/done/",
        urlsplit(confirmation_link(resident)).path,
        f"/accounts/password/reset/{uid}/{default_token_generator.make_token(resident)}/",
        "/ambassadors/apply/thank-you/",
        f"/workshops/my/calendar/{calendar_token_for(person=resident).token}.ics",
    ]
    from programme.models import Following
    from programme.platform.previews import programme_card
    from townhall.permissions import site_for
    from townhall.previews import site_card

    # A link preview's picture: only a page's <head> names it, which the walk does not follow.
    doors.append(urlsplit(site_card(site_for("kirklees")).url).path)
    doors.append(urlsplit(programme_card().url).path)
    if visitor := Following.objects.filter(person__isnull=True).first():
        doors.append(f"/following/confirm/{visitor.token}/")
    if theirs := Following.objects.filter(person=resident).first():
        doors.append(f"/following/stop/{theirs.token}/")
    if application := applications.filter(stage="applied").first():
        welcome = invitation_token("ambassadors.application", application.pk, application.email)
        doors += [
            f"/ambassadors/status/{application.token}/",
            f"/ambassadors/status/{application.token}/my-data.json",
            f"/ambassadors/welcome/{welcome}/",
        ]
    if reference := Reference.objects.first():
        doors.append(f"/ambassadors/references/{reference.token}/")
    if guest := Registration.objects.filter(person__isnull=True).first():
        doors += [
            f"/workshops/registrations/{guest.manage_token}/",
            f"/workshops/registrations/{guest.manage_token}/confirm/",
            f"/workshops/feedback/{guest.manage_token}/",
            f"/workshops/{guest.workshop.slug}/register/check-your-email/",
        ]
    if survey := SurveyRound.objects.filter(is_open=True).first():
        doors.append(survey.get_absolute_url())
    if link := SurveyLink.objects.first():
        doors.append(link.get_absolute_url())
    if editor := SiteEditor.objects.first():
        token = invitation_token("townhall.editor", editor.pk, editor.email or "x@example.org")
        doors.append(f"/sites/{editor.site.pilot_site.slug}/editors/accept/{token}/")
    if page := pages.first():
        doors.append(f"/sites/kirklees/preview/{preview_token(page)}/")
    return doors


@pytest.fixture
def demo(db, settings):
    """The demo, with a staff admin, someone not yet confirmed, and the states whose forms
    the demo does not show: a draft page never published, a workshop over but not yet
    marked held, an application whose task needs a safeguarding check, a suggestion on the
    version open for comment."""
    from ambassadors.models import Application, Task
    from policy_drafts.models import Version
    from tests.factories import CommentFactory, PageFactory
    from townhall.models import TownhallSite
    from workshops.models import Registration, Workshop

    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    admin_email, unconfirmed_email = CAST["staff admin"], CAST["unconfirmed"]
    assert admin_email is not None
    assert unconfirmed_email is not None
    admin = services.create_account(
        email=admin_email, full_name="Sam Admin", password="demo-password", confirmed=True
    )
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    services.create_account(
        email=unconfirmed_email, full_name="Uma New", password="demo-password", confirmed=False
    )
    PageFactory.create(
        created_by=User.objects.get(email=CAST["site lead"]),
        site=TownhallSite.objects.get(pilot_site__slug="kirklees"),
        title="A draft never published",
        first_published_at=None,
    )
    over = dt.timedelta(days=2)
    theirs = Registration.objects.filter(person__email=CAST["resident"]).values("workshop")
    first_open = (
        Workshop.objects.filter(status="published", access="open")
        .exclude(pk__in=theirs)
        .order_by("pk")[:1]
    )
    Workshop.objects.filter(pk__in=first_open).update(
        starts_at=timezone.now() - over, ends_at=timezone.now() - over / 2
    )
    first(Application.objects.filter(stage="applied", site__slug="kirklees")).tasks.add(
        first(Task.objects.filter(needs_safeguarding=True))
    )
    open_version = Version.objects.filter(draft__slug="social-web-policy").order_by("-number")[0]
    section = first(open_version.sections.exclude(body=""))
    CommentFactory.create(
        author=User.objects.get(email=CAST["resident"]),
        section=section,
        quote=section.body.split()[0],
        stance="suggest",
        body="Say who answers, and by when.",
        suggestion="Every comment is answered within ten working days.",
    )


# A hostile sort key makes django-tables2 warn of its own deprecation; nothing of ours.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:django_tables2")
# Thousands of requests: about two minutes here, so more than the five every other test gets.
@pytest.mark.timeout(900)
def test_no_form_answers_hostile_input_with_a_server_error(demo):  # noqa: C901 (walk, then send, then report)
    failures: list[str] = []
    cast: list[Person] = []
    doors = FRONT_DOORS + doors_from_the_demo()
    for role, email in CAST.items():
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        person = Person(role, client, failures)
        person.walk(doors)
        cast.append(person)

    # Every page again, with hostile query parameters, dealt out among those who reached it.
    readers: dict[str, list[Person]] = defaultdict(list)
    forms = Forms()
    for person in cast:
        for url, html in person.pages.items():
            readers[local(url).split("?")[0]].append(person)
            forms.learn(person, url, html)
        for method, target, names in NOT_SHOWN:
            forms.add(person, Form(method, [target], False, names), target)
    for n, (path, people) in enumerate(readers.items()):
        dealer = itertools.cycle(people)
        for k in range(QUERIES_PER_PAGE):
            label, value = HOSTILE[(n + k * 3) % len(HOSTILE)]
            next(dealer).send("get", path, dict.fromkeys(QUERY_NAMES, value), f"?{label}")

    # Every form: its posts dealt out among those who can open it, and one each from two
    # others. Forms on the pages these posts answered with are sent in their turn.
    done = 0
    while done < len(forms.found):
        key, form = list(forms.found.items())[done]
        done += 1
        target = local(form.targets[0])
        dealer = itertools.cycle(forms.openers[key])
        everything = list(posts(form, one_by_one=key not in forms.others))
        for i, (data, what) in enumerate(everything):
            person = next(dealer)
            status, html = person.send(form.method, target, data, what)
            if status == 200 and html and form.method == "post" and i >= len(HOSTILE):
                forms.learn(person, target, html, answer=True)
        others = [p for p in cast if p not in forms.openers[key]]
        for i in range(min(OUTSIDERS_PER_FORM, len(others))):
            data, what = everything[(done + i) % len(HOSTILE)]
            others[(done + i) % len(others)].send(form.method, target, data, what)

    reached = {pattern_of(url) for person in cast for url in person.pages}
    reached |= {name for _, name, _ in forms.found}
    sent = sum(person.sent for person in cast)
    print(f"{sent} requests, {len(forms.found)} forms, {len(reached)} URL patterns")  # noqa: T201 (shown with -s)
    kinds: dict[str, list[str]] = defaultdict(list)
    for failure in failures:
        kinds[failure.split(" — ")[0]].append(failure)
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(
        f"{len(seen)}× {seen[0]}" for seen in kinds.values()
    )
    missing = sorted(every_pattern() - reached)
    assert not missing, f"never reached (add a door, or a state to the demo): {missing}"


# The kinds the fuzz found, each at the level of its class, and what it cannot send -------

BEYOND = "9" * 20  # more than any database integer holds


def test_an_id_beyond_the_database_matches_no_row_in_a_list_as_it_does_alone(resident):
    """Every look-up by a list of ids someone sent (a choice of several rows, the admin's
    ticked rows, the editor's images) went to SQLite with a number it cannot hold."""
    assert list(User.objects.filter(pk__in=[BEYOND, resident.pk])) == [resident]
    assert not User.objects.filter(pk__in=[int(BEYOND)]).exists()
    assert not User.objects.filter(pk__in=[-int(BEYOND)]).exists()
    assert list(User.objects.exclude(pk__in=[BEYOND])) == [resident]


def test_a_choice_of_several_rows_refuses_an_id_beyond_the_database(client_as, officer):
    response = client_as(officer).post(
        "/accounts/profile/",
        {"full_name": "Owen Bright", "display_name": "", "bio": "", "shown_roles": [BEYOND]},
    )
    assert response.status_code == 200
    assert f"Select a valid choice. {BEYOND} is not one of" in response.content.decode()


def test_ticking_rows_beyond_the_database_in_the_back_office_changes_nothing(
    client_as, coordinator, officer
):
    response = client_as(coordinator).post(
        "/admin/programme/rolegrant/",
        {"action": "revoke_selected", "_selected_action": [BEYOND], "confirmed": "yes"},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # back to the list, with nothing done
        assert response["Location"] == "/admin/programme/rolegrant/"
    assert officer.role_grants.get().revoked_at is None


@pytest.mark.parametrize(
    "address", ["/accounts/sign-in/", "/accounts/sign-in/resume/", "/admin/login/"]
)
def test_an_address_longer_than_any_account_is_refused_by_every_sign_in_form(
    client, resident, address
):
    """It reached the look-up (SQLite: "LIKE or GLOB pattern too complex") and django-axes'
    record of a failure (a 255-character column on PostgreSQL)."""
    from axes.models import AccessAttempt

    response = client.post(address, {"username": "x" * 60_000, "password": "anything at all"})

    assert response.status_code in (200, 400)
    assert "No account has an address that long." in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_the_back_office_sign_in_still_counts_a_wrong_password(client, resident):
    from axes.models import AccessAttempt

    client.post("/admin/login/", {"username": resident.email, "password": "not it"})

    assert AccessAttempt.objects.get().username == resident.email


@pytest.mark.parametrize(
    "key",
    ["abcdefgh\x00ijklmnopqrstuvwxyz012345", "x" * 60_000, "ABCDEFGH" * 4, "../../etc/passwd"],
)
def test_a_session_cookie_no_session_key_could_be_is_no_session(client, settings, key):
    """A NUL in the cookie reached PostgreSQL's look-up ("A string literal cannot contain
    NUL"), a 500 on every page for that browser; Django only checks a key's length."""
    engine = import_module(settings.SESSION_ENGINE)

    assert engine.SessionStore(session_key=key).session_key is None
    response = client.get("/accounts/profile/", HTTP_COOKIE=f"sessionid={key}")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/sign-in/")


def test_a_session_cookie_django_made_still_signs_in(client, resident):
    client.force_login(resident)
    assert client.get("/accounts/profile/").status_code == 200


@pytest.mark.parametrize("back", ["x", "-1", BEYOND, "//evil.example", "https://evil.example/"])
def test_a_way_back_that_is_no_path_on_this_site_leads_to_the_default(
    client_as, coordinator, officer, back
):
    """`redirect("x")` reads a bare word as the name of a view: a NoReverseMatch."""
    from programme.services import meetings

    action = meetings.raise_action(actor=coordinator, title="Book a room", owner=officer)
    response = client_as(officer).post(
        f"/programme/actions/{action.pk}/status/", {"status": "done", "next": back}
    )
    assert response.status_code == 302
    assert response.url == "/programme/actions/mine/"


def test_a_back_office_search_longer_than_anything_is_refused_in_words(db, client_as):
    """SQLite refuses a LIKE pattern of 50,000 bytes ("LIKE or GLOB pattern too complex");
    every model admin, other packages' too, is guarded in one place."""
    from tests.factories import UserFactory

    client = client_as(UserFactory.create(is_staff=True, is_superuser=True))
    for changelist in (
        "/admin/programme/user/",
        "/admin/auth/group/",
        "/admin/axes/accessattempt/",
    ):
        response = client.get(changelist, {"q": "x" * 60_000}, follow=True)
        assert response.status_code == 200, changelist
        assert "Search for at most 255 characters" in response.content.decode()


@pytest.mark.parametrize("sent", ["x", BEYOND, "//evil.example"])
def test_a_back_office_autocomplete_sent_something_but_an_id_shows_the_form_again(
    client_as, coordinator, sent
):
    response = client_as(coordinator).post(
        "/admin/programme/rolegrant/add/", {"user": sent, "role": "officer", "site": ""}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_form_count_sent_beyond_a_formsets_limit_is_refused_not_built(
    client_as, coordinator, site
):
    """A hidden TOTAL_FORMS of 20 digits had Django build and render a thousand rows and
    more for one post (seconds each); now the count is checked against a small limit."""
    from policy_drafts.forms import WorkingCopyFormSet
    from workshops.forms import AgendaFormSet, OutcomeActionFormSet

    for formset in (AgendaFormSet, OutcomeActionFormSet, WorkingCopyFormSet):
        assert formset.absolute_max <= 200
        prefix = formset.get_default_prefix()
        rows: dict[str, Any] = (
            {"queryset": formset.model.objects.none()} if hasattr(formset, "model") else {}
        )
        bound = formset({f"{prefix}-TOTAL_FORMS": BEYOND, f"{prefix}-INITIAL_FORMS": "0"}, **rows)
        assert not bound.is_valid()
        assert len(bound.forms) <= formset.absolute_max
