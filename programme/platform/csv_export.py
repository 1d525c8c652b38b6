"""CSV downloads that open cleanly in spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

# Spreadsheets run cells starting with these as formulas; a leading quote keeps them text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value as a spreadsheet should read it: times in UK local time as "2027-10-31 00:30"
    (a form every spreadsheet reads as a date and time), dates as "2027-10-31", and text
    that a spreadsheet would run as a formula behind a quote."""
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_GUARDED):
        return "'" + value
    return "" if value is None else value


# Text starting with a quote is guarded too, so that the guard can always be told apart
# from a quote of the value's own: "'=x" goes out as "''=x" and comes back "'=x".
_GUARDED = (*_FORMULA_STARTS, "'")


def unguard(value: str) -> str:
    """Undo exactly the guard `safe_cell` adds, so an export imports back unchanged."""
    if value.startswith("'") and value[1:].startswith(_GUARDED):
        return value[1:]
    return value


def table_csv(filename: str, table: Any) -> HttpResponse:
    """A django-tables2 table as a CSV download: its columns, export-only ones included, with
    the plain values its `value_*` methods give (django-tables2's `as_values`), every row
    of the table's data, not one page."""
    values = table.as_values()
    return csv_response(filename, next(values), values)


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM, so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response
