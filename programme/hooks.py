"""The one way the apps plug into each other, in the manner of Wagtail's hooks.

    from programme import hooks

    @hooks.register("personal_data")
    def ambassador_data(user): ...

    for fn in hooks.get_hooks("personal_data"): ...

Each app in APPS keeps its registrations in its own `hooks.py` (programme's are at the end
of this one), imported the first time anyone asks for hooks, in APPS order (so, say, the demo data of a higher app is added
after the data it builds on). Every hook name is listed in HOOKS with its signature and
purpose; registering under a name not listed is an error, so the list stays the whole
truth. Tests use `register_temporarily`.

Apps import only downward (programme ← policy_drafts ← workshops ← ambassadors ←
townhall): a lower app announces through a hook what a higher one needs to know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any

APPS = ("programme", "policy_drafts", "workshops", "ambassadors", "townhall")
"""The project's apps, in layering order: each may import only those before it."""

HOOKS: dict[str, str] = {
    # What the programme shows, filled by every app.
    "navigation": (
        "fn() -> list[programme.navigation.NavItem]: the header entries this app adds, "
        "each with who sees it and its order (which also decides its section)."
    ),
    "readiness_indicators": (
        "fn() -> list[programme.readiness.Indicator]: columns of the readiness dashboard; "
        "each computes its value for many sites at once."
    ),
    "go_live_checklist": (
        "fn() -> list[programme.readiness.ChecklistItem]: what must be true of a site "
        "before it goes live."
    ),
    "demo_data": (
        "fn(sites: dict[str, PilotSite], users: dict[str, User]) -> str: add this app's "
        "demo data (seed_demo), in app order, after programme's sites and accounts; "
        "returns what it added, in a few words."
    ),
    "pilot_site_added": (
        "fn(site: PilotSite) -> None: a pilot site joined the programme, inside the "
        "transaction that saved it (townhall makes its public site, not yet live)."
    ),
    # People and their data.
    "personal_data": (
        "fn(user) -> dict[str, object]: what this app holds about a person, for their "
        "'download my data'; the keys name the app's records."
    ),
    "account_summary": (
        "fn(user) -> list[programme.account.Part]: what is this person's in this app, for "
        "their account page (places, comments, posts, applications): a heading, at most "
        "programme.account.SHOWN_PER_PART items each with a link, what it says when there "
        "are none, and a link to see all where one exists; read in a fixed number of queries."
    ),
    "account_closing": (
        "fn(user) -> None: a person is closing their account; end what only makes sense "
        "while it is open (places, editing rights, invitations waiting). What they "
        "wrote stays. Clearing what is held about them is each store's `close` (below)."
    ),
    "personal_data_stores": (
        "fn() -> list[programme.personal_data.PersonalDataStore]: every model of this app "
        "that holds personal data: its personal fields, and what closing an account and the "
        "retention purge do to it (in words, and its `close` and `purge`); "
        "programme.personal_data.personal_data_stores() is the whole list, and both paths "
        "walk it."
    ),
    "ambassador_may_moderate": (
        "fn(user, site: PilotSite | None) -> bool: whether an ambassador who holds the role "
        "may moderate at this site now (False pauses their rights, e.g. until they agree "
        "to a new version of the ambassador agreement)."
    ),
    # Moderation.
    "waiting_for_moderation": (
        "fn(user) -> list[dict]: content held until someone like this person approves it, "
        "one entry per place, as {'label', 'count', 'url'}; the moderation page lists them "
        "beside reports and the header counts them."
    ),
    "content_reported": (
        "fn(report: programme.models.Report) -> None: someone reported a piece of content, "
        "inside the report's transaction (the town hall hides a post enough people report)."
    ),
    "content_moderated": (
        "fn(target: ModeratedContent) -> None: content was hidden, shown again or withdrawn "
        "by the shared moderation, inside its transaction."
    ),
    # Workshops.
    "attendance_marked": (
        "fn(registration: workshops.models.Registration, actor: User | None) -> None: "
        "someone's attendance at a workshop was marked (ambassadors tick 'attend an induction')."
    ),
    "audit_feed_health": (
        "fn(entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]: the social web audit's "
        "entries with what fetching each one's feed last found, annotated as `feed_healthy` "
        "(True, False, or None: not checked at its current address) and `feed_problem`; "
        "townhall, which fetches the feeds, adds it."
    ),
    # Public pages and background work.
    "site_news": (
        "fn(site: PilotSite, headline: str, detail: str, url: str, by: User | None) -> None: "
        "something new for residents at this site (a workshop, a consultation opened), "
        "inside the transaction that made it; townhall tells the people who follow the "
        "site (programme.following.announce)."
    ),
    "site_frame": (
        "fn(request, site: PilotSite) -> dict | None: the context that sets a resident-facing "
        "page about this site in the site's own public frame (`frame`, the template to "
        "extend, and what it needs), or None where the site has none for this reader "
        "(townhall: its header, search and sections, once the site is live)."
    ),
    "site_brand": (
        "fn(site: PilotSite) -> programme.posters.Brand | None: how the council presents "
        "itself at this site (its public name, colour and logo), for the posters and flyers "
        "printed for its workshops and consultations; None where this app has none "
        "(townhall: its town hall site's)."
    ),
    "site_of_address": (
        "fn(match: django.urls.ResolverMatch) -> PilotSite | None: the pilot site the page of "
        "this app at a resolved address belongs to (a workshop's, a draft's), or None; so a "
        "page that leads back to it (sign-in's `next`) is set in that site's frame."
    ),
    "public_content_changed": (
        "fn(site: PilotSite | None) -> None: something a public town hall page shows "
        "changed at this site (None: at every site): a workshop or its places, a "
        "consultation, the site going live. Called by the service that made the change, "
        "inside its transaction; townhall clears its cached pages."
    ),
    "shareable": (
        "fn(site: PilotSite) -> list[programme.sharing.Shareable]: what this app has to share "
        "at the site now, for the share kit (anything the public may read: the site itself, "
        "upcoming public workshops, open consultations, the latest news), each with its "
        "kind, title, address, a line of why, when, its preview picture and its poster; read "
        "in a fixed number of queries, however many there are."
    ),
    "shareable_previews": (
        "fn(site: PilotSite, items: list[programme.sharing.Shareable]) -> "
        "list[programme.sharing.Shareable]: the same items, with the picture a network shows "
        "for each link filled in where this app draws it (townhall: its cards, once the site "
        "is live); in a fixed number of queries."
    ),
    "periodic_jobs": (
        "fn() -> list[programme.schedule.Periodic]: work this app needs done every so "
        "often (fetching feeds, reminders, purges); the task worker runs each when due, "
        "never two at once, with no cron."
    ),
}

_registry: dict[str, list[tuple[int, Callable[..., Any]]]] = {name: [] for name in HOOKS}
_discovered = False


def register(name: str, fn: Callable[..., Any] | None = None, *, order: int = 0) -> Any:
    """Register `fn` under `name` (also usable as a decorator). Lower `order` runs first;
    equal orders run in the order registered (APPS order)."""
    if name not in HOOKS:
        raise KeyError(f"No hook is called {name!r}; add it to programme.hooks.HOOKS.")

    def add(function: Callable[..., Any]) -> Callable[..., Any]:
        if all(existing is not function for _, existing in _registry[name]):
            _registry[name].append((order, function))
            _registry[name].sort(key=lambda pair: pair[0])
        return function

    return add(fn) if fn is not None else add


def discover() -> None:
    """Import each app's `hooks.py` once (the first time hooks are asked for)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for app in APPS[1:]:  # programme's own are at the end of this module
        import_module(f"{app}.hooks")


def get_hooks(name: str) -> list[Callable[..., Any]]:
    if name not in HOOKS:
        raise KeyError(f"No hook is called {name!r}; add it to programme.hooks.HOOKS.")
    discover()
    return [fn for _, fn in _registry[name]]


def collect(name: str) -> list[Any]:
    """Every item the hooks under `name` return, for hooks that return lists."""
    return [item for fn in get_hooks(name) for item in fn()]


def public_content_changed(site: Any) -> None:
    """Tell whoever shows public pages that what they show at `site` changed."""
    for fn in get_hooks("public_content_changed"):
        fn(site)


def site_news(site: Any, *, headline: str, detail: str, url: str, by: Any = None) -> None:
    """Tell whoever keeps a site's followers that something new is there for residents."""
    for fn in get_hooks("site_news"):
        fn(site, headline=headline, detail=detail, url=url, by=by)


@contextmanager
def register_temporarily(name: str, fn: Callable[..., Any], *, order: int = 0) -> Iterator[None]:
    discover()
    register(name, fn, order=order)
    try:
        yield
    finally:
        _registry[name] = [(o, f) for o, f in _registry[name] if f is not fn]


# programme's own entries ------------------------------------------------------
# (Imported inside each function: the modules they come from use the hooks too.)


@register("navigation")
def _programme_navigation() -> list[Any]:
    from .navigation import programme_items

    return programme_items()


@register("readiness_indicators")
def _programme_indicators() -> list[Any]:
    from .readiness import Indicator, audit_coverage, reach

    return [
        Indicator("audit", "Social web audit", 40, audit_coverage),
        Indicator("reach", "Reach", 90, reach),
    ]


@register("go_live_checklist")
def _programme_checklist() -> list[Any]:
    from .readiness import ChecklistItem, content_ready

    return [ChecklistItem("content", "Site content ready", 10, content_ready)]


@register("personal_data_stores")
def _programme_stores() -> list[Any]:
    from .services.data_protection import PERSONAL_DATA_STORES

    return PERSONAL_DATA_STORES


@register("periodic_jobs")
def _programme_jobs() -> list[Any]:
    from .tasks import periodic_jobs

    return periodic_jobs()
