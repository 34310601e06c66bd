"""Back up and restore the whole site: every table's rows and every stored file, in one archive.

A backup is a gzipped tar (``.tar.gz``) holding ``manifest.json`` (the format, the time, each
table's row count and the files), one ``tables/<app.model>.json`` per table with any rows (its
columns and rows, values as Django's JSON encoder writes them), and ``files/<name>`` for each
file a ``FileField`` names (the report packs' stored PDF, DOCX and XLSX), read through the field's
storage (``STORAGES``), so a backup from the disk restores onto S3 and back.

Every model's table is included: the domain data and its history tables, report snapshots and
files, users, groups and their permissions, the admin log and sign-in attempts. Not included:
content types and permissions, which ``migrate`` creates and which rows refer to by natural key
(``app_label.model``; ``app_label.codename``), so ids that differ between databases do not
matter; and sessions, which are short-lived.

Chosen over pg_dump so one pair of commands works on SQLite and PostgreSQL alike, needs no
PostgreSQL client of the server's exact version on the app server, and restores into a
database of the same schema once ``migrate`` has run.

``restore`` loads into a new, migrated database in one transaction: it refuses a database that
holds data beyond what migrations made, deletes the rows migrations made (the role groups and
their permissions, which the backup holds as they were), inserts every row as it was, keys and
timestamps included, with plain INSERTs (no ``save()``, so no signal writes a history row or
touches a cache while it runs: a many-to-many ``set()`` would write a history row whose key then
collides with a restored one), resets the key sequences as ``sqlsequencereset`` does, then moves
the data version once.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = "dashboard-backup/2"
SUFFIX = ".tar.gz"
EXCLUDED_APPS = frozenset({"contenttypes", "sessions"})
EXCLUDED_MODELS = frozenset({"auth.permission"})
# Rows that migrations make on a new database (the role groups and their permissions).
MIGRATION_DATA = frozenset({"auth.group", "auth.group_permissions"})
BATCH = 2000
# Columns whose JSON value is already the database's value (numbers, text, booleans).
AS_THEY_ARE = (models.IntegerField, models.CharField, models.TextField, models.BooleanField)


class _Encoder(DjangoJSONEncoder):
    """Django's JSON encoder, but times keep their microseconds (it cuts them to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        if isinstance(o, dt.timedelta):
            return duration_iso_string(o)
        return super().default(o)


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup or a restore wrote: rows by table (``app.model``) and the files."""

    path: Path
    rows: dict[str, int]
    files: list[str] = field(default_factory=list)  # names in their storage
    missing_files: list[str] = field(default_factory=list)  # named by a row, absent from storage

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def backed_up_models() -> list[type[models.Model]]:
    """Return every model whose table a backup holds (many-to-many tables included), in an order
    where a table comes after the tables it points at (where the references allow one)."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
    ]
    ordered: list[type[models.Model]] = []
    placed: set[type[models.Model]] = set()
    pending = list(found)
    while pending:
        progress = False
        for model in list(pending):
            targets = {f.related_model for f in _columns(model) if f.is_relation} - {model}
            if all(t in placed or t not in found for t in targets):
                ordered.append(model)
                placed.add(model)
                pending.remove(model)
                progress = True
        if not progress:  # a cycle: the constraints are deferred, so any order loads
            ordered.extend(pending)
            break
    return ordered


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.generated]


def rows_in_use(*, database: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Return the row count of every table a backup holds that has any rows, by model label."""
    counts = {}
    for model in backed_up_models():
        count = model._base_manager.using(database).count()
        if count:
            counts[model._meta.label_lower] = count
    return counts


# --- Writing --------------------------------------------------------------------------------------


def _natural_keys(database: str) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    types = {ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.using(database)}
    permissions = {
        pk: [app_label, codename]
        for pk, app_label, codename in Permission.objects.using(database).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    return types, permissions


def _translation(model: type[models.Model], database: str) -> dict[int, dict[int, list[str]]]:
    """Return, by column index, the id -> natural key map for the columns that point at a
    content type or a permission (their ids differ between databases)."""
    types, permissions = _natural_keys(database)
    found = {}
    for index, column in enumerate(_columns(model)):
        if column.is_relation and column.related_model is ContentType:
            found[index] = types
        elif column.is_relation and column.related_model is Permission:
            found[index] = permissions
    return found


def backup(path: Path, *, database: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write every table and every stored file to ``path`` (``.tar.gz``); return what was written.

    Reads in one repeatable snapshot where the database offers one (PostgreSQL), so the tables
    agree with each other. Creates ``path``'s folder if needed; changes nothing in the database.
    """
    if not path.name.endswith(SUFFIX):
        raise BackupError(f"{path} must end in {SUFFIX}")
    path.parent.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    files: list[dict[str, str]] = []
    missing: list[str] = []
    partial = path.with_name(path.name + ".partial")
    connection = connections[database]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=database), tarfile.open(partial, "w:gz") as archive:
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in backed_up_models():
            label = model._meta.label_lower
            columns = _columns(model)
            natural = _translation(model, database)
            table = [
                [natural[i][v] if i in natural and v is not None else v for i, v in enumerate(row)]
                for row in model._base_manager.using(database)
                .order_by("pk")
                .values_list(*(c.attname for c in columns))
                .iterator(chunk_size=BATCH)
            ]
            if not table:
                continue
            rows[label] = len(table)
            body = {"columns": [c.attname for c in columns], "rows": table}
            _add(archive, f"tables/{label}.json", json.dumps(body, cls=_Encoder).encode())
            for column, name in _stored_files(model, database):
                if not column.storage.exists(name):
                    missing.append(name)
                    continue
                with column.storage.open(name, "rb") as handle:
                    _add(archive, f"files/{len(files)}", handle.read())
                files.append({"table": label, "column": column.attname, "name": name})
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "rows": rows,
            "files": files,
            "missing_files": missing,
        }
        _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    partial.replace(path)
    return BackupSummary(path=path, rows=rows, files=[f["name"] for f in files], missing_files=missing)


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _stored_files(model: type[models.Model], database: str) -> Iterable[tuple[models.FileField, str]]:
    for column in _columns(model):
        if isinstance(column, models.FileField):
            names = model._base_manager.using(database).exclude(**{column.attname: ""})
            for name in names.values_list(column.attname, flat=True).order_by(column.attname):
                if name:
                    yield column, name


# --- Reading --------------------------------------------------------------------------------------


def _open(path: Path) -> tuple[tarfile.TarFile, dict[str, Any]]:
    if not path.exists():
        raise BackupError(f"No backup at {path}")
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (the caller closes it)
        member = archive.extractfile("manifest.json")
        manifest = json.loads(member.read()) if member else {}
    except (tarfile.TarError, KeyError, OSError, ValueError) as error:
        raise BackupError(f"{path} is not a backup written by `manage.py backup` ({error}).") from error
    if manifest.get("format") != FORMAT:
        archive.close()
        raise BackupError(f"{path} is a backup of format {manifest.get('format')!r}; this needs {FORMAT}.")
    return archive, manifest


def backup_rows(path: Path) -> dict[str, int]:
    """Return the row count of each table in the backup at ``path``, as its manifest records."""
    archive, manifest = _open(path)
    archive.close()
    return dict(manifest["rows"])


def restore(path: Path, *, database: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Load the backup at ``path`` into a new, migrated database; return what was restored.

    All or nothing, in one transaction: deletes the rows migrations made, inserts each table's
    rows with their keys, writes the stored files back through their storage, resets the
    key sequences and moves the data version. Raises BackupError (nothing changed) when the
    database already holds data, or when the backup names a table, column, content type or
    permission this database lacks.
    """
    from core.cache import bump_data_version

    archive, manifest = _open(path)
    with archive:
        by_label = {m._meta.label_lower: m for m in backed_up_models()}
        unknown = sorted(set(manifest["rows"]) - set(by_label))
        if unknown:
            raise BackupError(
                f"The backup holds tables this database does not have ({', '.join(unknown)}): "
                "run `manage.py migrate` with the release that wrote it."
            )
        connection = connections[database]
        rows: dict[str, int] = {}
        with transaction.atomic(using=database):
            present = rows_in_use(database=database)
            in_use = {k: n for k, n in present.items() if k not in MIGRATION_DATA}
            if in_use:
                raise BackupError(
                    "The database is not empty ("
                    + ", ".join(f"{k}: {v}" for k, v in sorted(in_use.items()))
                    + "). Restore into a new database: createdb, then `manage.py migrate`, "
                    "then `manage.py restore`."
                )
            for label in present:  # the rows migrations made, replaced by the backup's
                by_label[label]._base_manager.using(database).all()._raw_delete(database)
            types, permissions = _local_keys(database)
            for label, model in by_label.items():
                if label not in manifest["rows"]:
                    continue
                member = archive.extractfile(f"tables/{label}.json")
                if member is None:
                    raise BackupError(f"The backup lists {label} but holds no rows for it.")
                table = json.loads(member.read())
                rows[label] = _load_table(model, table, connection, types, permissions)
            files = _restore_files(archive, manifest["files"], by_label)
            _reset_sequences([by_label[label] for label in rows], connection)
            bump_data_version()
    return BackupSummary(path=path, rows=rows, files=files, missing_files=list(manifest["missing_files"]))


def _local_keys(database: str) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    types = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.using(database)}
    permissions = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.using(database).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    return types, permissions


def _load_table(model: type[models.Model], table: dict[str, Any], connection, types, permissions) -> int:
    label = model._meta.label_lower
    by_attname = {c.attname: c for c in _columns(model)}
    missing = [name for name in table["columns"] if name not in by_attname]
    if missing:
        raise BackupError(f"{label}: the backup has columns this database lacks ({', '.join(missing)}).")
    columns = [by_attname[name] for name in table["columns"]]
    convert = [_converter(column, connection, types, permissions, label) for column in columns]
    if not any(convert):  # every value goes to the database as the backup holds it
        convert = []
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(c.column) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    rows = table["rows"]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = [
                tuple(v if c is None else c(v) for c, v in zip(convert, row, strict=True))
                if convert
                else tuple(row)
                for row in rows[start : start + BATCH]
            ]
            _insert(cursor, connection, sql, batch)
    return len(rows)


def _insert(cursor, connection, sql: str, batch: list[tuple]) -> None:
    raw = getattr(cursor, "cursor", None)
    if connection.vendor == "postgresql" and type(raw).__module__.startswith("psycopg2"):
        from psycopg2.extras import execute_values  # type: ignore[import-untyped]

        head, _, _ = sql.partition(" VALUES ")
        execute_values(raw, head + " VALUES %s", batch, page_size=1000)
    else:
        cursor.executemany(sql, batch)


def _converter(column: models.Field, connection, types, permissions, label: str):
    """Return a function from a value as the backup holds it to the database's value."""
    if column.is_relation and column.related_model in (ContentType, Permission):
        known = types if column.related_model is ContentType else permissions
        kind = "content type" if column.related_model is ContentType else "permission"

        def natural(value):
            if value is None:
                return None
            try:
                return known[tuple(value)]
            except KeyError:
                raise BackupError(
                    f"{label}: the {kind} {'.'.join(value)} does not exist in this database."
                ) from None

        return natural
    target = column.target_field if isinstance(column, models.ForeignKey) else column
    if isinstance(target, AS_THEY_ARE):
        return None
    if isinstance(target, models.JSONField):
        return lambda value: target.get_db_prep_save(value, connection)

    def plain(value):
        if value is None:
            return None
        python = target.to_python(value)
        if isinstance(python, dt.datetime) and timezone.is_naive(python):
            python = timezone.make_aware(python, dt.UTC)
        return target.get_db_prep_save(python, connection)

    return plain


def _restore_files(
    archive: tarfile.TarFile, listed: list[dict[str, str]], by_label: dict[str, type[models.Model]]
) -> list[str]:
    """Write each file back through its column's storage, under the name its row holds."""
    restored = []
    for index, item in enumerate(listed):
        name = item["name"]
        column = by_label[item["table"]]._meta.get_field(item["column"])
        member = archive.extractfile(f"files/{index}")
        if member is None or not isinstance(column, models.FileField):
            raise BackupError(f"The backup lists the file {name} but does not hold it.")
        if column.storage.exists(name):
            column.storage.delete(name)
        saved = column.storage.save(name, ContentFile(member.read()))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}; restore into an empty storage.")
        restored.append(name)
    return restored


def _reset_sequences(tables: Sequence[type[models.Model]], connection) -> None:
    """Move each table's key sequence past the restored keys (what ``sqlsequencereset`` prints)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(statement)
