"""Load the report's JSON fixtures into a test's database quickly.

``loaddata`` resolves every natural key with a query and saves row by row, which costs seconds per
test. ``load_fixtures`` runs ``loaddata`` once per test session (inside a savepoint it rolls
back), keeps the rows it wrote, and from then on writes those rows with one ``bulk_create`` per
table. The database ends up as ``loaddata`` leaves it: the same rows, many-to-many links
included, and on PostgreSQL the id sequences moved past the loaded ids.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

Rows = list[tuple[type[models.Model], list[dict[str, Any]]]]
_CAPTURED: dict[tuple[str, ...], Rows] = {}


class _Captured(Exception):
    """Raised to roll back the savepoint once the loaded rows are read."""


def _fixture_path(name: str) -> Path:
    for folder in settings.FIXTURE_DIRS:
        path = Path(folder) / f"{name}.json"
        if path.exists():
            return path
    raise FileNotFoundError(f"No fixture named {name!r} in {settings.FIXTURE_DIRS}")


def _written_by(names: tuple[str, ...]) -> dict[type[models.Model], set[Any]]:
    """Return the primary keys each fixture names, by model, with the links of their m2m fields."""
    pks: dict[type[models.Model], set[Any]] = defaultdict(set)
    for name in names:
        for entry in json.loads(_fixture_path(name).read_text(encoding="utf-8")):
            pks[apps.get_model(entry["model"])].add(entry["pk"])
    return pks


def _capture(names: tuple[str, ...]) -> Rows:
    captured: dict[type[models.Model], dict[Any, dict[str, Any]]] = defaultdict(dict)

    def keep(model: type[models.Model], rows: Any) -> None:
        captured[model].update({row["id"]: row for row in rows})

    try:
        with transaction.atomic():
            call_command("loaddata", *names, verbosity=0)
            for model, pks in _written_by(names).items():
                keep(model, model._base_manager.filter(pk__in=pks).values())
                for field in model._meta.local_many_to_many:
                    through = field.remote_field.through
                    if through._meta.auto_created:
                        source = field.m2m_field_name()
                        keep(through, through._base_manager.filter(**{f"{source}__in": pks}).values())
            raise _Captured
    except _Captured:
        pass
    return [(model, list(rows.values())) for model, rows in captured.items()]


def load_fixtures(*names: str) -> None:
    """Write the rows ``loaddata names...`` writes, reading the fixtures once per session."""
    if names not in _CAPTURED:
        _CAPTURED[names] = _capture(names)
    written = []
    for model, rows in _CAPTURED[names]:
        model._base_manager.bulk_create([model(**row) for row in rows], batch_size=500)
        written.append(model)
    for sql in connection.ops.sequence_reset_sql(no_style(), written):
        with connection.cursor() as cursor:
            cursor.execute(sql)
