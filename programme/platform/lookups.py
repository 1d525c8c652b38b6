"""An id too big for the database matches no row, in a list as it does alone.

Django answers `filter(pk=<a number beyond the column's range>)` with no rows (since 5.0),
but `filter(pk__in=[...])` sends every number to the database: SQLite raises OverflowError,
a 500. Every look-up by a list of ids someone sent takes that road: a form's choice of
several rows (ModelMultipleChoiceField), the admin's ticked rows and autocompletes, the
editor's images. Registered on IntegerField (every id is one) in ProgrammeConfig.ready(),
so no caller has to remember `record_id` for a list.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db.models.lookups import In


class IntegerFieldIn(In):
    """`in` for integer columns: numbers outside the column's range are left out of the
    list (no row can hold them); a list left empty matches nothing, as Django's own `in`."""

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            kept = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if len(kept) != len(self.rhs):
                within = copy.copy(self)
                within.rhs = kept
                return super(IntegerFieldIn, within).process_rhs(compiler, connection)
        return super().process_rhs(compiler, connection)
