"""Full-text search on PostgreSQL: a stored, indexed word vector per searchable table.

A table that is searched gets a column `search_vector` that PostgreSQL computes itself from
the fields searched (a generated column: every insert and update keeps it, bulk ones too)
and a GIN index on it, so a search reads only the rows that match and ranks them from the
stored vector rather than parsing every row's text at each query. Django's models do not
know the column (it is added by `search_column` in a migration, on PostgreSQL only), so it
is never read or written with the rows; `matching` filters and ranks by it.

PostgreSQL refuses to change the type of a column a generated column reads: a migration
that alters one of the fields searched drops the search column first (`drop_search_column`)
and adds it again after.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import migrations
from django.db.models import Expression, F, QuerySet

COLUMN = "search_vector"
CONFIG = "english"


class StoredVector(Expression):
    """The search column of the table that holds `field` (joined as the query joins it)."""

    output_field = SearchVectorField()

    def __init__(self, field: Any) -> None:
        super().__init__()
        self.source: Any = F(field) if isinstance(field, str) else field

    def get_source_expressions(self) -> list[Any]:
        return [self.source]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.source,) = exprs

    def resolve_expression(self, *args: Any, **kwargs: Any) -> StoredVector:
        resolved = self.copy()
        resolved.source = self.source.resolve_expression(*args, **kwargs)
        return resolved

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        table = compiler.quote_name_unless_alias(self.source.alias)
        return f"{table}.{connection.ops.quote_name(COLUMN)}", []


def matching(queryset: QuerySet[Any], text: str, field: str) -> QuerySet[Any]:
    """The rows whose search column matches `text` (web search syntax, English stemming),
    best first: the index finds them, and only they are ranked."""
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    vector = StoredVector(field)
    return (
        queryset.alias(found_by=vector)
        .filter(found_by=query)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "-pk")
    )


def _document(fields: list[str]) -> str:
    # As Django's SearchVector joins fields, so results and ranks are those it gave.
    joined = " || ' ' || ".join(f"coalesce({field}, '')" for field in fields)
    return f"to_tsvector('{CONFIG}'::regconfig, {joined})"


def search_column(table: str, fields: list[str]) -> migrations.RunPython:
    """A migration step: `table`'s search column over `fields` and its index (PostgreSQL only;
    SQLite, for development, searches the text itself)."""

    def add(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({_document(fields)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search ON {table} USING gin ({COLUMN})")

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")

    return migrations.RunPython(add, drop, elidable=False)


def drop_search_column(table: str, fields: list[str]) -> migrations.RunPython:
    """The reverse of `search_column`, for a migration that changes a field it reads."""
    step = search_column(table, fields)
    return migrations.RunPython(step.reverse_code, step.code)  # type: ignore[arg-type]
