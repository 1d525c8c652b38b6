"""Indexed search: on PostgreSQL, a stored word vector per searchable table; on SQLite, a
trigram index beside it.

A table that is searched gets a column `search_vector` that PostgreSQL computes itself from
the fields searched (a generated column: every insert and update keeps it, bulk ones too)
and a GIN index on it, so a search reads only the rows that match and ranks them from the
stored vector rather than parsing every row's text at each query. Django's models do not
know the column (it is added by `search_column` in a migration, on PostgreSQL only), so it
is never read or written with the rows; `matching` filters and ranks by it.

PostgreSQL refuses to change the type of a column a generated column reads: a migration
that alters one of the fields searched drops the search column first (`drop_search_column`)
and adds it again after.

On SQLite (`text_index`), each searched table has an FTS5 table with the trigram tokenizer
over the same fields, kept by triggers: it finds any piece of text of three letters or more,
in any case, as `LIKE '%word%'` did, but from an index rather than by reading every row's
text. SQLite drops a table's triggers when a migration rebuilds the table (it does for most
field changes): such a migration runs `text_index` again after (it is idempotent and
rebuilds the index), and tests/townhall/test_search_indexes.py fails until it does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, migrations
from django.db.models import Expression, F, Q, QuerySet
from django.db.models.expressions import RawSQL

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


MAX_WORDS = 8
TRIGRAM = 3  # the shortest text the SQLite index finds; shorter words are read as before


def matching(queryset: QuerySet[Any], text: str, fields: list[str]) -> QuerySet[Any]:
    """The rows where `text` matches `fields` (all on one table, the queryset's or one it
    reaches by a path like "live_revision__search_text"), from that table's index.

    PostgreSQL: web search syntax with English stemming ("buses" finds "bus"), best first.
    SQLite: every word somewhere in the fields as typed, in any case, unranked."""
    if connection.vendor == "postgresql":
        return _ranked(queryset, text, fields[0])
    return _trigram_matching(queryset, text, fields)


def _trigram_matching(queryset: QuerySet[Any], text: str, fields: list[str]) -> QuerySet[Any]:
    words = text.split()[:MAX_WORDS]
    indexed = [word for word in words if len(word) >= TRIGRAM]
    if indexed:
        *path, _ = fields[0].split("__")
        model = queryset.model
        for name in path:
            model = model._meta.get_field(name).related_model
        table = f"{model._meta.db_table}_fts"
        # Each word a quoted phrase, so nothing in it is read as FTS5's query syntax.
        phrase = " AND ".join('"' + word.replace('"', '""') + '"' for word in indexed)
        # The table's name is the model's; the words go as a parameter.
        found = f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s'  # noqa: S608
        ids = RawSQL(found, [phrase])  # noqa: S611
        queryset = queryset.filter(**{"__".join([*path, "pk__in"]): ids})
    for word in words:
        if len(word) < TRIGRAM:
            any_field = Q()
            for field in fields:
                any_field |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(any_field)
    return queryset


def _ranked(queryset: QuerySet[Any], text: str, field: str) -> QuerySet[Any]:
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


def text_index(table: str, fields: list[str]) -> migrations.RunPython:
    """A migration step: `table`'s trigram index over `fields` and the triggers that keep it
    (SQLite only; PostgreSQL has `search_column`). Safe to run again: after a migration that
    rebuilt the table, it puts back the triggers and rebuilds the index."""
    index = f"{table}_fts"
    columns = ", ".join(fields)
    new = ", ".join(f"new.{field}" for field in fields)
    old = ", ".join(f"old.{field}" for field in fields)
    # Names from the migrations' own constants, never from a request.
    forget = f"INSERT INTO {index}({index}, rowid, {columns}) VALUES ('delete', old.id, {old});"  # noqa: S608
    learn = f"INSERT INTO {index}(rowid, {columns}) VALUES (new.id, {new});"  # noqa: S608
    statements = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({columns}, "
        f"content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {index}_insert AFTER INSERT ON {table} BEGIN {learn} END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_delete AFTER DELETE ON {table} BEGIN {forget} END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_update AFTER UPDATE ON {table} "
        f"BEGIN {forget} {learn} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",  # noqa: S608
    ]

    def add(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for trigger in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {index}_{trigger}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {index}")

    return migrations.RunPython(add, drop, elidable=False)


SEARCHED = {
    "townhall_pagerevision": ["search_text"],
    "townhall_discussion": ["title"],
    "townhall_post": ["body"],
    "townhall_aggregateditem": ["title", "summary"],
    "policy_drafts_policydraft": ["title", "summary"],
    "workshops_workshop": ["title", "objectives", "venue_name"],
}
"""Every searched table and its fields, as their migrations index them (checked by
tests/townhall/test_search_indexes.py)."""
