"""Write one archive of the database and the uploaded media (programme/platform/backups.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from programme.platform import backups


class Command(BaseCommand):
    help = (
        "Back up every row and every uploaded file into one .tar.gz archive, as of one "
        "moment, while the site keeps running. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the archive (default: townhall-<date-time>.tar.gz here); "
            "a folder writes a dated archive into it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        if output is None:
            output = Path(backups.archive_name())
        elif output.is_dir():
            output = output / backups.archive_name()
        summary = backups.backup(output)
        self.stdout.write(
            f"Backed up {summary.rows:,} rows and {summary.files:,} media files "
            f"to {output} ({summary.size / 1_000_000:.1f} MB)."
        )
