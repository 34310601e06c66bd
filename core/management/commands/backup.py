"""Write every app's data to a gzipped JSON file (see core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.backup import backup_create


class Command(BaseCommand):
    help = (
        "Back up the whole database to gzipped JSON: backup [PATH.json.gz] (default backups/<time>.json.gz)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="file to write, ending in .json.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        path = Path(options["path"] or f"backups/dashboard-{stamp}.json.gz")
        count = backup_create(path=path)
        self.stdout.write(self.style.SUCCESS(f"Backed up {count} objects to {path}"))
