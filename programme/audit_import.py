"""Reading social web audit entries from a CSV file, as councils keep them in spreadsheets.

`parse_audit_csv` checks every row and says, per row and field, what is wrong;
the service saves nothing unless every row is good.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django import forms
from django.db import models

from programme.platform.csv_export import unguard

from .models import AUDIT_FIELDS, Activity, AuditCategory, AuditEntry, PilotSite, Relationship

# The columns an export writes, which an import reads back ("site" is chosen on the form).
CSV_COLUMNS = ["site", *(name.removesuffix("_on") for name in AUDIT_FIELDS)]

# Column names an import accepts (lower-cased), and the field each fills.
COLUMNS = {
    "category": "category",
    "name": "name",
    "url": "url",
    "web address": "url",
    "feed_url": "feed_url",
    "feed": "feed_url",
    "owner": "owner",
    "reach": "reach",
    "audience reach": "reach",
    "activity": "activity",
    "how active": "activity",
    "relationship": "relationship",
    "contact_person": "contact_person",
    "contact": "contact_person",
    "next_step": "next_step",
    "next step": "next_step",
    "last_reviewed": "last_reviewed_on",
    "last reviewed": "last_reviewed_on",
}
REQUIRED = {"category", "name", "url"}
MAX_ROWS = 2000


class _RowForm(forms.ModelForm):
    last_reviewed_on = forms.DateField(
        required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
    )

    class Meta:
        model = AuditEntry
        fields = AUDIT_FIELDS

    def validate_unique(self) -> None:
        return None  # checked across the file and the database below, with clearer words


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    field: str
    message: str


@dataclass
class ParsedAudit:
    entries: list[AuditEntry] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.entries)


def _choice(value: str, choices: type[models.Choices]) -> str:
    """Accept a choice by its value or its label, in any case ("In contact", "in_contact")."""
    wanted = value.strip().lower()
    for choice in choices:
        if wanted in {
            str(choice.value).lower(),
            str(choice.label).lower(),
            str(choice.name).lower(),
        }:
            return str(choice.value)
    return value


UNREADABLE_ROW = (
    "This row cannot be read: a cell is longer than a spreadsheet allows, or a quote is not closed."
)


def _rows(reader: csv.DictReader) -> Iterator[tuple[int, dict[str, str] | None]]:
    """The rows with their spreadsheet numbers; None for a row the csv module cannot read."""
    number = 1
    while True:
        number += 1
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error:  # e.g. a field over 131,072 characters
            yield number, None
            return
        yield number, raw


def _mapped_columns(reader: csv.DictReader[str], result: ParsedAudit) -> dict[str, str] | None:
    """Each field's column in the header row, or None (with the error) if it cannot be used."""
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error:
        result.errors.append(RowError(1, "", UNREADABLE_ROW))
        return None
    headers = {(h or "").strip().lower(): h for h in fieldnames}
    mapped = {COLUMNS[h]: original for h, original in headers.items() if h in COLUMNS}
    missing = REQUIRED - set(mapped)
    if missing:
        result.errors.append(
            RowError(1, ", ".join(sorted(missing)), "These columns are missing from the first row.")
        )
        return None
    return mapped


def _row_values(raw: Mapping[str, str | None], mapped: dict[str, str]) -> dict[str, str] | None:
    """A row's values for the form, with choices read leniently; None for a blank line."""
    values = {name: unguard((raw.get(column) or "").strip()) for name, column in mapped.items()}
    if not any(values.values()):
        return None  # blank lines in spreadsheets are common and harmless
    values["category"] = _choice(values.get("category", ""), AuditCategory)
    if values.get("activity"):
        values["activity"] = _choice(values["activity"], Activity)
    values["relationship"] = _choice(values.get("relationship") or "none", Relationship)
    return values


def parse_audit_csv(text: str, site: PilotSite) -> ParsedAudit:
    result = ParsedAudit()
    reader = csv.DictReader(io.StringIO(text))
    mapped = _mapped_columns(reader, result)
    if mapped is None:
        return result
    labels = {
        f.name: str(f.verbose_name)
        for f in AuditEntry._meta.fields
        if f.name in _RowForm.Meta.fields
    }
    existing = {
        (c, n.lower())
        for c, n in AuditEntry.objects.filter(site=site).values_list("category", "name")
    }
    seen: dict[tuple[str, str], int] = {}
    for number, raw in _rows(reader):
        if raw is None:
            result.errors.append(RowError(number, "", UNREADABLE_ROW))
            break  # the reader cannot find where the next row starts
        if number - 1 > MAX_ROWS:
            result.errors.append(
                RowError(number, "", f"The file has more than {MAX_ROWS} rows; split it.")
            )
            break
        values = _row_values(raw, mapped)
        if values is None:
            continue
        form = _RowForm(values)
        if not form.is_valid():
            result.errors.extend(
                RowError(number, labels.get(name, name), str(message))
                for name, messages in form.errors.items()
                for message in messages
            )
            continue
        entry = form.save(commit=False)
        entry.site = site
        key = (entry.category, entry.name.lower())
        if key in existing:
            result.errors.append(
                RowError(
                    number, labels["name"], f"{site} already has “{entry.name}” in this category."
                )
            )
        elif key in seen:
            result.errors.append(
                RowError(number, labels["name"], f"“{entry.name}” is also on row {seen[key]}.")
            )
        else:
            seen[key] = number
            result.entries.append(entry)
    if not result.entries and not result.errors:
        result.errors.append(RowError(2, "", "The file has no entries below its header row."))
    return result
