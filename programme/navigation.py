"""The header navigation, filled by every app through the `navigation` hook.

`programme` cannot import the apps above it, so they add their own entries; the
header shows the entries whose predicate lets the signed-in person in, grouped
into a few sections (at most six with the account): a section with one entry is a
plain link, one with several opens a short menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from . import hooks, permissions, queries


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible_to: Callable[[permissions.AnyUser], bool]
    section: str = ""  # when empty, `_section_of` decides from the URL name and order


# Sections in the order they appear; an entry's order decides its section unless it names one.
SECTIONS = ["Programme", "Sites", "Workshops", "Policies", "Ambassadors"]


def _section_of(item: NavItem) -> str:
    if item.section:
        return item.section
    if item.url_name in ("programme:sites", "programme:moderation_queue"):
        return "Sites"
    if 20 <= item.order < 30:
        return "Workshops"
    if 30 <= item.order < 40:
        return "Policies"
    if 40 <= item.order < 50:
        return "Ambassadors"
    return "Programme"


@dataclass
class NavEntry:
    label: str
    url: str
    section: str
    current: bool = False


@dataclass
class NavSection:
    label: str
    items: list[NavEntry]
    current: bool


def items_for(user: permissions.AnyUser) -> list[NavEntry]:
    entries: list[NavEntry] = []
    for item in sorted(hooks.navigation.collect(), key=lambda i: i.order):
        if not item.visible_to(user):
            continue
        try:
            entries.append(NavEntry(item.label, reverse(item.url_name), _section_of(item)))
        except NoReverseMatch:  # an app whose page is not built yet
            continue
        if item.url_name == "programme:moderation_queue":
            waiting = queries.waiting_for_moderation(user)
            if waiting:
                total = sum(entry["count"] for entry in waiting)
                entries.append(NavEntry(f"Posts waiting ({total})", entries[-1].url, "Sites"))
    return entries


def sections_for(user: permissions.AnyUser, path: str = "") -> list[NavSection]:
    """The header's sections for this person, each with its entries; `current` marks the
    entry (and its section) for the page at `path`."""
    grouped: dict[str, list[NavEntry]] = {name: [] for name in SECTIONS}
    for entry in items_for(user):
        entry.current = bool(path) and (
            path == entry.url if entry.url == "/" else path.startswith(entry.url)
        )
        grouped.setdefault(entry.section, []).append(entry)
    return [
        NavSection(name, items, current=any(i.current for i in items))
        for name, items in grouped.items()
        if items
    ]


def programme_items() -> list[NavItem]:
    return [
        NavItem("Dashboard", "programme:dashboard", 5, permissions.can_see_programme_dashboard),
        NavItem("Pilot sites", "programme:sites", 10, lambda user: True),
        NavItem("Updates", "programme:updates", 15, lambda user: True),
        NavItem("Meetings", "programme:meetings", 60, permissions.can_see_meetings),
        NavItem("My actions", "programme:my_actions", 62, permissions.has_own_actions),
        NavItem("Audit", "programme:audit", 64, permissions.can_see_audit),
        NavItem("Evaluation", "programme:evaluation", 66, permissions.can_see_survey_results),
        NavItem("Reach", "programme:reach", 67, permissions.can_see_reach),
        NavItem(
            "Moderation", "programme:moderation_queue", 80, permissions.can_see_moderation_queue
        ),
        NavItem("Back office", "admin:index", 90, permissions.can_use_admin),
    ]
