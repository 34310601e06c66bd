"""Write every table and every stored file to one archive (see core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up every table and stored file: backup [PATH.tar.gz] (default backups/dashboard-<time>.tar.gz)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="file to write, ending in .tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        path = Path(options["path"] or f"backups/dashboard-{stamp}.tar.gz")
        try:
            summary = backup(path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.total_rows} rows from {len(summary.rows)} tables and "
                f"{len(summary.files)} files to {path}"
            )
        )
        if summary.missing_files:
            self.stderr.write(
                f"{len(summary.missing_files)} file(s) named in the database were not in storage: "
                + ", ".join(summary.missing_files)
            )
