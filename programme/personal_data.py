"""Every store of personal data, in one list, and what each path that forgets a person does.

A store is a model with a column that holds something about a person as text (a name,
an address, their needs, what they wrote), or a row that is a person's own record or
contribution, so that log entries about it may name them. Rows that only point at an
account to say who did something (who granted, who saw, who moderated) are not stores:
closing the account takes away the name they point at.

Each app lists its stores and hands them over through the `personal_data_stores` hook;
`personal_data_stores()` is the whole list. Two paths forget a person, and both walk it:

- closing an account (`programme.services.data_protection.close_account`) first gathers
  the person's own rows from every store (`records`), with the names and addresses they
  hold, then runs every store's `close`;
- the retention purge of ambassador applications (and an applicant's erasure) names the
  application's rows and runs every store's `purge`.

A log entry or an email that is not about the person's own records is searched for
their address (addresses are unique), never for their name, so that someone else with
the same name keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from . import hooks
from .models import User

FORMER_PARTICIPANT = "A former participant"
"""What a person's name becomes: on their account, and wherever a log names them."""


@dataclass
class Forgetting:
    """Whose personal data is to go: the addresses and names that are theirs, and their own rows.

    `user` is the account being closed (None for the retention purge and an applicant's
    erasure); `records` holds, by model, the primary keys of rows that are the person's
    own, gathered before anything changes.
    """

    reason: str
    user: User | None = None
    emails: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    records: dict[type[models.Model], set[Any]] = field(default_factory=dict)

    def add(
        self,
        rows: QuerySet[Any],
        *,
        name_fields: Iterable[str] = (),
        email_fields: Iterable[str] = (),
    ) -> None:
        """Take `rows` as the person's own, with the names and addresses they hold."""
        name_fields, email_fields = tuple(name_fields), tuple(email_fields)
        for row in rows.values("pk", *name_fields, *email_fields):
            self.records.setdefault(rows.model, set()).add(row["pk"])
            self.names.update(row[name] for name in name_fields if row[name])
            self.emails.update(row[email].lower() for email in email_fields if row[email])

    def of(self, model: type[models.Model]) -> set[Any]:
        return self.records.get(model, set())

    def addressed(self, field_name: str) -> Q:
        """Rows whose `field_name` is one of the person's addresses (case aside)."""
        query = Q(pk__in=[])
        for email in self.emails:
            query |= Q(**{f"{field_name}__iexact": email})
        return query

    def mentioning(self, *field_names: str) -> Q:
        """Rows with one of the person's addresses anywhere in the text of `field_names`."""
        query = Q(pk__in=[])
        for email in self.emails:
            for field_name in field_names:
                query |= Q(**{f"{field_name}__icontains": email})
        return query

    def about(self, type_field: str, id_field: str) -> Q:
        """Rows (log entries) pointing, through a content type and an id, at the person's rows."""
        query = Q(pk__in=[])
        for model, pks in self.records.items():
            if pks:
                query |= Q(
                    **{
                        type_field: ContentType.objects.get_for_model(model),
                        f"{id_field}__in": [str(pk) for pk in pks],
                    }
                )
        return query

    def _patterns(self, names: bool) -> list[re.Pattern[str]]:
        words = sorted(self.emails, key=len, reverse=True)
        if names:  # short ones ("Al") would eat into other words
            words += sorted({n for n in self.names if len(n.strip()) > 2}, key=len, reverse=True)
        return [re.compile(re.escape(word.strip()), re.IGNORECASE) for word in words]

    def redact(self, text: str, *, names: bool) -> str:
        """`text` with the person's addresses (and, if `names`, names) as "a former participant"."""
        for pattern in self._patterns(names):
            text = pattern.sub(FORMER_PARTICIPANT.lower(), text)
        return text

    def redact_json(self, value: Any, *, names: bool) -> Any:
        if isinstance(value, str):
            return self.redact(value, names=names)
        if isinstance(value, list):
            return [self.redact_json(item, names=names) for item in value]
        if isinstance(value, dict):
            return {key: self.redact_json(item, names=names) for key, item in value.items()}
        return value


@dataclass(frozen=True)
class PersonalDataStore:
    """One model that holds personal data, and what each path that forgets a person does to it.

    `on_closing` and `on_purge` say it in words (an empty `on_purge`: the retention purge
    holds nothing here); `close` and `purge` do it, where this store does its own part
    (a row cleared with its parent says so, and has neither). `records` finds the
    person's own rows when an account closes; `name_fields` and `email_fields` are the
    columns of those rows that hold names and addresses that are theirs too.
    """

    model: type[models.Model]
    fields: tuple[str, ...]
    on_closing: str
    on_purge: str = ""
    records: Callable[[Forgetting], QuerySet[Any]] | None = None
    name_fields: tuple[str, ...] = ()
    email_fields: tuple[str, ...] = ()
    close: Callable[[Forgetting], None] | None = None
    purge: Callable[[Forgetting], None] | None = None
    # Lower runs first; the logs and the account itself go last, after every other
    # store's part has written what it writes.
    order: int = 50

    @property
    def label(self) -> str:
        return self.model._meta.label


def owned_by(model: type[models.Model], field_name: str) -> Callable[[Forgetting], QuerySet[Any]]:
    """A store's `records`: the rows of `model` whose `field_name` is the person's account."""

    def records(forgetting: Forgetting) -> QuerySet[Any]:
        return model._default_manager.filter(**{field_name: forgetting.user})

    return records


def personal_data_stores() -> list[PersonalDataStore]:
    """Every store of personal data in every app, in the order the paths run them."""
    return sorted(hooks.personal_data_stores.collect(), key=lambda store: store.order)
