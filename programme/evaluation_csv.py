"""The evaluation's figures as CSV rows: every site's baseline and closing answers, per action."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

HEADER = [
    "Site",
    "Action",
    "Baseline answers",
    "Baseline count",
    "Baseline %",
    "Closing answers",
    "Closing count",
    "Closing %",
]


def rows(comparisons: Iterable[Any]) -> Iterator[list[object]]:
    """One row per action of each comparison (the whole programme's first, as "All sites")."""
    for comparison in comparisons:
        name = comparison.site.name if comparison.site else "All sites"
        for result in comparison.results:
            yield [
                name,
                result.action.label,
                comparison.baseline_responses,
                result.baseline_count,
                result.baseline_percent,
                comparison.closing_responses,
                result.closing_count,
                result.closing_percent,
            ]
