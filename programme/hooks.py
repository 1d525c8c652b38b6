"""One way for the apps above programme to plug into it, in the manner of Wagtail's hooks.

    from programme import hooks

    @hooks.register("personal_data")
    def ambassador_data(user): ...

    for fn in hooks.get_hooks("personal_data"): ...

Every hook name is listed in HOOKS with its signature and purpose; registering
under a name not listed is an error, so the list stays the whole truth. Apps
register from their AppConfig.ready(). Tests use `register_temporarily`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

HOOKS: dict[str, str] = {
    "personal_data": (
        "fn(user) -> dict[str, object]: what this app holds about a person, for their "
        "'download my data'; the keys name the app's records."
    ),
    "account_closing": (
        "fn(user) -> None: a person is closing their account; end what only makes sense "
        "while it is open (roles, places, editing rights, applications). What they wrote stays."
    ),
    "waiting_for_moderation": (
        "fn(user) -> list[dict]: content held until someone like this person approves it, "
        "one entry per place, as {'label', 'count', 'url'}; the moderation page lists them "
        "beside reports and the header counts them."
    ),
    "public_content_changed": (
        "fn(site: PilotSite | None) -> None: something a public town hall page shows "
        "changed at this site (None: at every site): a workshop or its places, a "
        "consultation, the site going live. Called by the service that made the change, "
        "inside its transaction; townhall clears its cached pages."
    ),
    "periodic_jobs": (
        "fn() -> list[programme.schedule.Periodic]: work this app needs done every so "
        "often (fetching feeds, reminders, purges); the task worker runs each when due, "
        "never two at once, with no cron."
    ),
}

_registry: dict[str, list[tuple[int, Callable[..., Any]]]] = {name: [] for name in HOOKS}


def register(name: str, fn: Callable[..., Any] | None = None, *, order: int = 0):  # type: ignore[no-untyped-def]
    """Register `fn` under `name` (also usable as a decorator). Lower `order` runs first."""
    if name not in HOOKS:
        raise KeyError(f"No hook is called {name!r}; add it to programme.hooks.HOOKS.")

    def add(function: Callable[..., Any]) -> Callable[..., Any]:
        if all(existing is not function for _, existing in _registry[name]):
            _registry[name].append((order, function))
            _registry[name].sort(key=lambda pair: pair[0])
        return function

    return add(fn) if fn is not None else add


def get_hooks(name: str) -> list[Callable[..., Any]]:
    return [fn for _, fn in _registry[name]]


def public_content_changed(site: Any) -> None:
    """Tell whoever shows public pages that what they show at `site` changed."""
    for fn in get_hooks("public_content_changed"):
        fn(site)


@contextmanager
def register_temporarily(name: str, fn: Callable[..., Any], *, order: int = 0) -> Iterator[None]:
    register(name, fn, order=order)
    try:
        yield
    finally:
        _registry[name] = [(o, f) for o, f in _registry[name] if f is not fn]
