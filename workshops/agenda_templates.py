"""Agendas a coordinator can start from. The first is the pilot's own internal workshop."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgendaTemplate:
    key: str
    name: str
    items: tuple[tuple[str, str], ...]  # (title, notes)


INTERNAL_WORKSHOP = AgendaTemplate(
    "internal",
    "The pilot's internal workshop",
    (
        ("Team briefing", "What the virtual town hall is, and what the pilot asks of the site."),
        (
            "Getting senior managers and members on board",
            "Who needs to hear about it, and from whom.",
        ),
        ("Technology overview", "The town hall site, its pages, news and feeds."),
        ("Naming the site", "Agree a name residents will recognise."),
        ("Reviewing the social web audit", "Gaps in each category, and who will close them."),
        ("The social web policy", "What it says, and how to comment on the draft."),
        ("Choosing ambassadors", "Who might spread the word and moderate, and the menu of tasks."),
    ),
)

TEMPLATES = {template.key: template for template in (INTERNAL_WORKSHOP,)}
