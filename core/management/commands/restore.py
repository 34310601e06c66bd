"""Load a backup made by `backup` into an empty, migrated database (see core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.backup import backup_restore
from core.cache import bump_data_version


class Command(BaseCommand):
    help = "Restore a backup into an empty database that `migrate` has just created: restore PATH.json.gz"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a file written by `manage.py backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        count = backup_restore(path=Path(options["path"]))
        bump_data_version()  # loaddata sends signals marked raw; make sure no stale page survives
        self.stdout.write(self.style.SUCCESS(f"Restored {count} objects from {options['path']}"))
