"""`make chaos`'s verdict can fail: a write it was told of and cannot find, an email queued and
never written out, and one written out twice are each named (loadtest/chaos_check.py).

The checker reads PostgreSQL directly (the stack it judges runs on it), so this runs in the
PostgreSQL leg; SQLite skips it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from programme.models import OutgoingEmail

from .factories import UserFactory

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "loadtest"))

from chaos_check import check  # loadtest's modules import each other by name
from chaos_load import Ledger


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _written(mail_dir: Path, name: str, email: OutgoingEmail) -> None:
    (mail_dir / f"{name}.log").write_text(
        f"Subject: {email.subject}\nMessage-ID: <email-{email.pk}.chaos@townhall.example>\n\nHi\n"
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_verdict_names_a_lost_write_a_lost_email_and_a_duplicate(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the checker reads PostgreSQL, as make chaos runs on it")
    since = timezone.now() - dt.timedelta(seconds=1)
    UserFactory.create(email="kept@chaos.example")
    once, twice, never = (
        OutgoingEmail.objects.create(to=f"{n}@chaos.example", subject=n, template="t", message={})
        for n in ("once", "twice", "never")
    )
    _written(tmp_path, "a", once)
    _written(tmp_path, "b", twice)
    _written(tmp_path, "c", twice)
    ledger = Ledger(run="test", signups=["kept@chaos.example", "lost@chaos.example"])

    findings = check(_database_url(), ledger, tmp_path, since)

    assert findings.lost_writes == ["lost@chaos.example"]
    assert findings.queued == 3
    assert findings.lost_emails == [never.pk]
    assert findings.duplicates == {twice.pk: 2}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_verdict_is_clean_when_everything_is_there(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the checker reads PostgreSQL, as make chaos runs on it")
    since = timezone.now() - dt.timedelta(seconds=1)
    UserFactory.create(email="kept@chaos.example")
    email = OutgoingEmail.objects.create(
        to="kept@chaos.example", subject="Hi", template="t", message={}
    )
    _written(tmp_path, "a", email)

    findings = check(
        _database_url(), Ledger(run="test", signups=["kept@chaos.example"]), tmp_path, since
    )

    assert findings.lost_writes == []
    assert findings.lost_emails == []
    assert findings.duplicates == {}
    assert findings.signups_without_email == []
