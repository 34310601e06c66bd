"""Back up and restore every app's data as gzipped JSON (Django's serialisers).

Chosen over pg_dump so one pair of commands works on SQLite and PostgreSQL alike, needs no
PostgreSQL client of the server's exact version on the app server, and restores into a
database of any later schema once ``migrate`` has run. The dump holds every app's rows:
the domain data and its history tables, users, groups and their permissions, the admin log
and sign-in attempts. Content types and permissions are left out (``migrate`` creates them,
and rows refer to them by natural key), and so are sessions, which are short-lived.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, transaction

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# Rows made by migrations themselves (the role groups); a restore replaces them.
MIGRATION_DATA = {"auth.group"}


def backup_create(*, path: Path, database: str = DEFAULT_DB_ALIAS) -> int:
    """Write the whole database to ``path`` (``.json.gz``); return the number of objects written."""
    if not path.name.endswith(".json.gz"):
        raise CommandError(f"{path} must end in .json.gz")
    path.parent.mkdir(parents=True, exist_ok=True)
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        natural_primary=False,
        database=database,
        output=str(path),
        verbosity=0,
    )
    return backup_count(path=path)


def backup_count(*, path: Path) -> int:
    """Return the number of objects in a backup file."""
    import gzip
    import json

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return len(json.load(handle))


def rows_in_use(*, database: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Return the row count of every table a backup holds that has any rows, by model label."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in EXCLUDED or label in EXCLUDED or not model._meta.managed:
            continue
        count = model._default_manager.using(database).count()
        if count:
            counts[label] = count
    return counts


def backup_restore(*, path: Path, database: str = DEFAULT_DB_ALIAS) -> int:
    """Load ``path`` into an empty, migrated database in one transaction; return the objects loaded.

    Refuses a database that already holds data (beyond what migrations made), so a restore can
    never merge into or overwrite live data.
    """
    if not path.exists():
        raise CommandError(f"No backup at {path}")
    in_use = {label: n for label, n in rows_in_use(database=database).items() if label not in MIGRATION_DATA}
    if in_use:
        raise CommandError(
            "The database is not empty (" + ", ".join(f"{k}: {v}" for k, v in sorted(in_use.items())) + "). "
            "Restore into a new database: createdb, then `manage.py migrate`, then `manage.py restore`."
        )
    with transaction.atomic(using=database):
        for label in MIGRATION_DATA:
            apps.get_model(label)._default_manager.using(database).all().delete()
        call_command("loaddata", str(path), database=database, verbosity=0)
    return backup_count(path=path)
