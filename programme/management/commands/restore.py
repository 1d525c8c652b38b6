"""Load an archive made by `manage.py backup` into this database (programme/platform/backups.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programme.platform import backups


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into an empty database that "
        "`manage.py migrate` has prepared, and put its media files back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask before restoring.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything this database holds first (refused otherwise).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["archive"]
        try:
            manifest = backups.read_manifest(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        if options["interactive"]:
            wipe = " It first DELETES everything in this database." if options["replace"] else ""
            answer = input(
                f"Restore {rows:,} rows and {len(manifest['media']):,} media files made "
                f"{manifest['made_at']}?{wipe} Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            summary = backups.restore(path, replace=options["replace"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {summary.rows:,} rows and {summary.files:,} media files from {path}."
        )
