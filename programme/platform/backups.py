"""Backups that restore: one archive of the database and the uploaded media.

    python manage.py backup --output /backups/townhall-2026-12-03.tar.gz
    python manage.py restore /backups/townhall-2026-12-03.tar.gz --noinput

The archive is a gzipped tar holding:
- `manifest.json`: the format, when it was made and from which database, the migrations
  applied then, the number of rows of each model, and each media file's size and SHA-256;
- `data.jsonl`: every row (Django's JSON Lines serialiser: one row a line, read back a line
  at a time; primary keys kept, so links between rows and generic ones hold; content types
  named by natural key, as each database numbers its own);
- `media/…`: every uploaded file.

Why Django's serialised rows rather than `pg_dump` or a copy of the SQLite file: one format
for both databases (a pilot that outgrows SQLite restores onto PostgreSQL), and rows are
loaded through the models onto today's schema, so an archive from the previous release
restores after `migrate` (a column added since takes its default; one removed is ignored).

A consistent snapshot while people keep writing: every row is read in one transaction that
sees the database as of its start (on SQLite a deferred read transaction in WAL mode; on
PostgreSQL REPEATABLE READ, read only), so writers are never held up.

Left out, on purpose: sessions (everyone signs in again), the task queue (the outbox sends
what was waiting within a minute of restarting), rate-limit counts, and the content types
and permissions `migrate` makes itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

FORMAT = "virtual-town-hall-backup/1"
LEFT_OUT = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "sessions.session",
        "django_tasks_database.dbtaskresult",
        "programme.limitwindow",
    }
)
# Rows that say a database holds someone's work: one of these and a restore stops.
TELLING = ("programme.user", "programme.pilotsite")


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Summary:
    rows: int
    files: int
    size: int  # bytes of the archive


def models_kept() -> list[type[Model]]:
    """Every model whose rows an archive holds, in an order that loads (dependencies first)."""
    from django.core.serializers import sort_dependencies

    app_list = {
        config: None
        for config in apps.get_app_configs()
        if any(m._meta.label_lower not in LEFT_OUT for m in config.get_models())
    }
    ordered = sort_dependencies(app_list.items(), allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in LEFT_OUT and not model._meta.proxy and model._meta.managed
    ]


@contextmanager
def _snapshot() -> Iterator[str]:
    """Read the whole database as of one moment, while others go on writing."""
    default = connections[DEFAULT_DB_ALIAS]
    if default.in_atomic_block:  # already one transaction: that is the snapshot
        yield DEFAULT_DB_ALIAS
    elif default.vendor == "sqlite":
        # A read transaction of its own (Django's would take the write lock, as this
        # project's SQLite settings ask): in WAL mode it sees the database as of its first
        # read, and writers are not held up.
        with default.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield DEFAULT_DB_ALIAS
        finally:
            with default.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            with default.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield DEFAULT_DB_ALIAS


def _migrations(alias: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _media_files() -> Iterator[Path]:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder keeps times to the millisecond; a backup keeps them to the microsecond
    (the order of things made in one millisecond, and every timestamp compared later)."""

    def default(self, o: object) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _counted(rows: Iterator[Model], counts: Counter[str], label: str) -> Iterator[Model]:
    counts[label] += 0  # a model with no rows is named in the manifest all the same
    for row in rows:
        counts[label] += 1
        yield row


def backup(output: Path) -> Summary:
    """Write the archive to `output` (through a temporary file, so a failed backup never
    leaves a partial archive where a good one is expected)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="vth-backup-") as folder:
        rows_file = Path(folder) / "data.jsonl"
        with _snapshot() as alias, rows_file.open("w", encoding="utf-8") as rows:
            serializer = serializers.get_serializer("jsonl")()
            for model in models_kept():
                queryset = model._base_manager.using(alias).order_by(model._meta.pk.name)
                label = model._meta.label_lower
                serializer.serialize(
                    _counted(queryset.iterator(chunk_size=2000), counts, label),
                    stream=rows,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=False,
                    cls=ExactEncoder,
                )
            migrations = _migrations(alias)
            vendor = connections[alias].vendor
        root = Path(settings.MEDIA_ROOT)
        files = {str(p.relative_to(root)): (p.stat().st_size, _sha256(p)) for p in _media_files()}
        manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "database": vendor,
            "migrations": migrations,
            "rows": dict(sorted(counts.items())),
            "media": {name: {"size": size, "sha256": sha} for name, (size, sha) in files.items()},
        }
        partial = output.with_name(f".{output.name}.partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            archive.add(rows_file, "data.jsonl")
            for name in files:
                archive.add(root / name, f"media/{name}")
        partial.replace(output)
    return Summary(sum(counts.values()), len(files), output.stat().st_size)


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile("manifest.json")
            if member is None:
                raise BackupError("The archive has no manifest.")
            manifest = json.loads(member.read())
    except (tarfile.TarError, KeyError, OSError, json.JSONDecodeError) as error:
        raise BackupError(f"Not a backup archive this tool can read: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
    return manifest


def is_empty() -> bool:
    return not any(apps.get_model(label).objects.exists() for label in TELLING)


def restore(path: Path, *, replace: bool = False) -> Summary:
    """Load an archive into this (migrated) database and put its media back.

    Refuses a database that holds anyone's work unless `replace`, which empties it first.
    Then every row is loaded in one transaction (all or nothing), each media file checked
    against its SHA-256, and the cache cleared so no page shows what was there before.
    """
    path = Path(path)
    manifest = read_manifest(path)
    _refuse_newer(manifest)
    if not is_empty():
        if not replace:
            raise BackupError(
                "This database already holds data. Restore into an empty, migrated database, "
                "or pass --replace to delete everything in it first."
            )
        call_command("flush", interactive=False, verbosity=0)
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="vth-restore-") as folder:
        staging = Path(folder)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(staging, filter="data")
        media = staging / "media"
        for name, expected in manifest["media"].items():
            if not _inside(root, name):
                raise BackupError(
                    f"The archive names a media file outside the media folder: {name!r}."
                )
            found = media / name
            if not found.is_file() or _sha256(found) != expected["sha256"]:
                raise BackupError(f"The media file {name} is missing or damaged in the archive.")
        with transaction.atomic():
            call_command(
                "loaddata", str(staging / "data.jsonl"), ignorenonexistent=True, verbosity=0
            )
            # Loading saves rows as they are read, so a rendered Markdown field gets its
            # shown HTML without the renderer's mark: store each rendering as it was.
            call_command("rerender_markdown", stdout=io.StringIO())
        root.mkdir(parents=True, exist_ok=True)
        for name in manifest["media"]:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(media / name, target)
    cache.clear()
    return Summary(sum(manifest["rows"].values()), len(manifest["media"]), path.stat().st_size)


def _inside(root: Path, name: str) -> bool:
    """Whether a name from an archive stays inside the media folder (no "..", no absolute path)."""
    resolved_root = root.resolve()
    return (resolved_root / name).resolve().is_relative_to(resolved_root) and ".." not in Path(
        name
    ).parts


def _refuse_newer(manifest: dict[str, Any]) -> None:
    """An archive made by a later release may hold what this one cannot read."""
    here = _migrations(DEFAULT_DB_ALIAS)
    for app, names in manifest["migrations"].items():
        unknown = set(names) - set(here.get(app, []))
        if unknown and app in {config.label for config in apps.get_app_configs()}:
            raise BackupError(
                f"The archive was made after migrations this database has not had "
                f"({app}: {', '.join(sorted(unknown))}). Run `manage.py migrate` with the "
                f"release that made it first."
            )


def archive_name(now: dt.datetime | None = None) -> str:
    return f"townhall-{(now or timezone.now()):%Y-%m-%d-%H%M%S}.tar.gz"
