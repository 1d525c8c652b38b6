"""After `make chaos`: is every acknowledged write in the database, and was every email
the app queued sent exactly once?

Read straight from PostgreSQL (the stack's DATABASE_URL) and from the directory the file
email backend wrote to. Every email carries the Message-ID the outbox gives it
(`<email-{pk}.…>`, the same on every try), so a row without a file is a lost email and a
Message-ID in two messages is a duplicate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg
from chaos_load import Ledger

MESSAGE_ID = re.compile(rb"^Message-ID: <email-(\d+)\.", re.MULTILINE | re.IGNORECASE)


@dataclass
class Findings:
    lost_writes: list[str]
    queued: int
    unsent: int
    lost_emails: list[int]
    duplicates: dict[int, int]
    signups_without_email: list[str]


def sent_ids(mail_dir: Path) -> Counter[int]:
    """How many messages with each outbox Message-ID were written out."""
    counted: Counter[int] = Counter()
    for path in mail_dir.glob("*.log"):
        counted.update(int(found) for found in MESSAGE_ID.findall(path.read_bytes()))
    return counted


def waiting(url: str, since: dt.datetime) -> int:
    """Emails queued since the load began that are not sent yet (nor given up)."""
    with psycopg.connect(url, connect_timeout=5) as db:
        row = db.execute(
            "SELECT count(*) FROM programme_outgoingemail "
            "WHERE created_at >= %s AND status IN ('waiting', 'sending')",
            [since],
        ).fetchone()
    return int(row[0]) if row else 0


def oldest_unsent(url: str) -> dt.datetime | None:
    with psycopg.connect(url, connect_timeout=2) as db:
        row = db.execute(
            "SELECT min(created_at) FROM programme_outgoingemail WHERE status IN ('waiting', 'sending')"
        ).fetchone()
    return row[0] if row else None


def check(url: str, ledger: Ledger, mail_dir: Path, since: dt.datetime) -> Findings:
    lost: list[str] = []
    with psycopg.connect(url, connect_timeout=5) as db:

        def present(sql: str, values: list[str]) -> None:
            for value in values:
                if not db.execute(sql, [value]).fetchone():
                    lost.append(value)

        present("SELECT 1 FROM programme_user WHERE email = %s", ledger.signups)
        present("SELECT 1 FROM policy_drafts_comment WHERE body = %s", ledger.comments)
        present("SELECT 1 FROM townhall_post WHERE body = %s", ledger.posts)
        for slug, email in ledger.registrations:
            if not db.execute(
                "SELECT 1 FROM workshops_registration r "
                "JOIN workshops_workshop w ON w.id = r.workshop_id "
                "JOIN programme_user u ON u.id = r.person_id WHERE w.slug = %s AND u.email = %s",
                [slug, email],
            ).fetchone():
                lost.append(f"{slug} {email}")
        rows = db.execute(
            'SELECT id, status, "to" FROM programme_outgoingemail WHERE created_at >= %s',
            [since],
        ).fetchall()
    sent = sent_ids(mail_dir)
    queued_to = {to for _, _, to in rows}
    return Findings(
        lost_writes=lost,
        queued=len(rows),
        unsent=sum(1 for _, status, _ in rows if status in ("waiting", "sending")),
        lost_emails=[pk for pk, _, _ in rows if sent[pk] == 0],
        duplicates={pk: sent[pk] for pk, _, _ in rows if sent[pk] > 1},
        signups_without_email=[email for email in ledger.signups if email not in queued_to],
    )
