"""Writing many new monthly values and their history rows quickly, for the import.

``create_values_with_history`` is what the import's bulk mode calls. It does the work of
simple-history's ``bulk_create_with_history`` (one "+" history row per value, with the importing
user, one date and the change reason) at a fraction of its cost:

- The values go in through Django's ``bulk_create`` (so ``auto_now`` fields are filled and the
  database hands back each new primary key, which the history rows point at).
- The history rows go in through one parametrised ``INSERT`` run with ``executemany``: building
  a historical model instance a row and having the ORM compile each of its 22 fields cost more
  than the database's own work. Each value is converted by its field's ``get_db_prep_save`` (the
  ORM's own conversion), once per distinct date or timestamp, since a file names few of them.

It honours ``SIMPLE_HISTORY_ENABLED`` as simple-history does, and runs inside the caller's
transaction (the import's), so a failure leaves neither values nor history behind. Since it
skips model signals, it moves the data version itself (``core.cache``), so no cached page
shows the months as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone

from core.cache import bump_data_version
from performance.models import MeasureValue

CACHED_FIELDS = (models.DateField, models.TimeField)  # DateTimeField is a DateField


def _converter(field: models.Field, connection):
    """Return a function giving ``field``'s database value for a Python value (the ORM's own).

    Dates, timestamps and decimals are converted once per distinct value (a Decimal keyed by its
    digits, so 1.0 and 1.00 stay apart); text, integers and keys' ids go to the driver as they are.
    """
    if not isinstance(field, (*CACHED_FIELDS, models.DecimalField)):
        return None
    prep = field.get_db_prep_save
    cache: dict[object, object] = {}

    def cached(value):
        if value is None:
            return None
        key = value.as_tuple() if isinstance(value, Decimal) else (type(value), value)
        try:
            return cache[key]
        except KeyError:
            cache[key] = converted = prep(value, connection)
            return converted

    return cached


def insert_rows(model: type[models.Model], columns: Sequence[models.Field], rows, *, using: str) -> None:
    """INSERT ``rows`` (tuples of Python values, one per field in ``columns``) into ``model``'s table.

    SQLite: one statement run with ``executemany``. PostgreSQL (psycopg2, whose ``executemany``
    is a round trip a row): ``execute_values``, many rows a statement.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    converters = [_converter(field, connection) for field in columns]
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(model._meta.db_table), ", ".join(quote(field.column) for field in columns)
    )
    params = [tuple(v if c is None else c(v) for c, v in zip(converters, row, strict=True)) for row in rows]
    if not params:
        return
    with connection.cursor() as cursor:
        raw = getattr(cursor, "cursor", None)
        if connection.vendor == "postgresql" and type(raw).__module__.startswith("psycopg2"):
            from psycopg2.extras import execute_values

            execute_values(raw, head + "%s", params, page_size=1000)
        else:
            cursor.executemany(head + "({})".format(", ".join(["%s"] * len(columns))), params)


def create_values_with_history(
    values: list[MeasureValue], *, user, change_reason: str, batch_size: int = 2000
) -> list[MeasureValue]:
    """Insert new ``values`` and one "+" history row each (by ``user``, with ``change_reason``)."""
    using = router.db_for_write(MeasureValue)
    history = MeasureValue.history.model
    with transaction.atomic(using=using, savepoint=False):
        created = _insert_values(values, using=using, batch_size=batch_size)
        if created:
            bump_data_version()
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not created:
            return created
        meta = history._meta
        tracked = [field.attname for field in history.tracked_fields]
        extra = {
            "history_date": timezone.now(),
            "history_change_reason": change_reason,
            "history_type": "+",
            "history_user_id": getattr(user, "pk", None),
        }
        columns = [meta.get_field(name) for name in [*tracked, *extra]]  # by attname too
        fixed = tuple(extra.values())
        for start in range(0, len(created), batch_size):
            batch = created[start : start + batch_size]
            rows = (tuple(getattr(value, name) for name in tracked) + fixed for value in batch)
            insert_rows(history, columns, rows, using=using)
    return created


def _insert_values(values: list[MeasureValue], *, using: str, batch_size: int) -> list[MeasureValue]:
    """Insert new values as ``bulk_create`` would, then read their keys back by measure and month.

    Each field's ``pre_save`` runs as in ``bulk_create`` (``updated_at`` is stamped). The keys
    are found by (measure, month), which a unique constraint makes one value each.
    """
    if not values:
        return values
    meta = MeasureValue._meta
    columns = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    for start in range(0, len(values), batch_size):
        batch = values[start : start + batch_size]
        rows = [tuple(f.pre_save(value, True) for f in columns) for value in batch]
        insert_rows(MeasureValue, columns, rows, using=using)
        wanted = {(value.measure_id, value.period): value for value in batch}
        periods = [value.period for value in batch]
        found = (
            MeasureValue.objects.using(using)
            .filter(
                measure_id__in={value.measure_id for value in batch},
                period__range=(min(periods), max(periods)),
            )
            .values_list("measure_id", "period", "pk")
        )
        for measure_id, period, pk in found.iterator(chunk_size=5000):
            value = wanted.get((measure_id, period))
            if value is not None:
                value.pk = pk
        for value in batch:
            if value.pk is None:
                raise RuntimeError(f"the new value for {value.measure_id}, {value.period} was not found")
            value._state.adding = False
            value._state.db = using
    return values
