"""Counts of related rows, for lists that show one beside each row.

`annotate(n=Count("children"))` joins every child row and groups before the list is
ordered and cut to a page, so a page of 25 costs as much as counting all of them. A
correlated subquery counts for each row the list keeps; with an index that serves the
list's order, the database stops after the rows shown.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(rows: QuerySet[Any], link: str, *, distinct: str | None = None) -> Coalesce:
    """How many of `rows` point at the outer row through `link` (a path to its key);
    with `distinct`, how many different values of that field they hold."""
    counted = Count(distinct, distinct=True) if distinct else Count("pk")
    per_row = (
        rows.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=counted)
        .values("n")
    )
    return Coalesce(Subquery(per_row, output_field=IntegerField()), Value(0))
