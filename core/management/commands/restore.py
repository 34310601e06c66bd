"""Load a backup made by `backup` into a new database that `migrate` has made (see core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into a new database that `migrate` has just made: restore PATH.tar.gz"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a file written by `manage.py backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore(Path(options["path"]))
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.total_rows} rows into {len(summary.rows)} tables and "
                f"{len(summary.files)} files from {options['path']}"
            )
        )
