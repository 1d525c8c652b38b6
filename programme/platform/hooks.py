"""Hooks: the one way the apps plug into the platform and into each other, in the manner of
Wagtail's hooks and pretix's signals. Each hook is a typed object, declared once with what
it is for; the platform declares the hooks it calls itself (periodic jobs), and
`programme.hooks` the pilot's (it re-exports these, so every app finds every hook there).

    @hooks.periodic_jobs.register
    def jobs() -> list[Periodic]: ...

    for contribute in hooks.personal_data.implementations(): ...
    hooks.navigation.collect()          # every item of a hook that returns lists
    hooks.public_content_changed(site)  # tell every implementation (hooks returning None)

Each app in APPS (programme/platform/layers.py) keeps its registrations in its own
`hooks.py`, imported the first time anyone asks for hooks, in APPS order. Tests use
`Hook.temporarily`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, overload

from .layers import APPS

if TYPE_CHECKING:
    from .schedule import Periodic

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
P = ParamSpec("P")

_discovered = False


class Hook(Generic[F]):
    """A named place where apps plug in; `F` is the signature of what is registered."""

    def __init__(self, name: str, purpose: str) -> None:
        self.name = name
        self.purpose = purpose
        self._registered: list[tuple[int, F]] = []
        ALL[name] = self

    @overload
    def register(self, fn: F, *, order: int = 0) -> F: ...
    @overload
    def register(self, *, order: int = 0) -> Callable[[F], F]: ...

    def register(self, fn: F | None = None, *, order: int = 0) -> F | Callable[[F], F]:
        """Add `fn` (also a decorator). Lower `order` runs first; equal orders run in the
        order registered (APPS order)."""

        def add(function: F) -> F:
            if all(existing is not function for _, existing in self._registered):
                self._registered.append((order, function))
                self._registered.sort(key=lambda pair: pair[0])
            return function

        return add(fn) if fn is not None else add

    def implementations(self) -> list[F]:
        discover()
        return [fn for _, fn in self._registered]

    def collect(self: Hook[Callable[[], list[T]]]) -> list[T]:
        """Every item the implementations return, for hooks that return lists."""
        return [item for fn in self.implementations() for item in fn()]

    def __call__(self: Hook[Callable[P, None]], *args: P.args, **kwargs: P.kwargs) -> None:
        """Tell every implementation (for hooks that announce, and return nothing)."""
        for fn in self.implementations():
            fn(*args, **kwargs)

    @contextmanager
    def temporarily(self, fn: F, *, order: int = 0) -> Iterator[None]:
        """Register `fn` for the length of a `with` block (for tests)."""
        discover()
        self.register(fn, order=order)
        try:
            yield
        finally:
            self._registered = [(o, f) for o, f in self._registered if f is not fn]

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"


ALL: dict[str, Hook[Any]] = {}
"""Every hook, by name: the whole list of ways the apps plug into each other."""


def discover() -> None:
    """Import each app's `hooks.py` once (the first time hooks are asked for)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for app in APPS:
        import_module(f"{app}.hooks")


periodic_jobs: Hook[Callable[[], list[Periodic]]] = Hook(
    "periodic_jobs",
    "Work this app needs done every so often (fetching feeds, reminders, purges); the task "
    "worker runs each when due, never two at once, with no cron.",
)


@periodic_jobs.register
def _platform_jobs() -> list[Periodic]:
    from .tasks import periodic_jobs

    return periodic_jobs()
