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
transaction (the import's), so a failure leaves neither values nor history behind.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone

from performance.models import MeasureValue

CACHED_FIELDS = (models.DateField, models.TimeField)  # DateTimeField is a DateField


def _converter(field: models.Field, connection):
    """Return a function giving ``field``'s database value for a Python value (the ORM's own)."""
    prep = field.get_db_prep_save
    if isinstance(field, CACHED_FIELDS):
        cache: dict[object, object] = {}

        def cached(value):
            if value is None:
                return None
            try:
                return cache[value]
            except KeyError:
                cache[value] = converted = prep(value, connection)
                return converted

        return cached
    if isinstance(field, models.DecimalField):
        return lambda value: None if value is None else prep(value, connection)
    return None  # text, integers, foreign keys' ids: the driver takes them as they are


def insert_rows(model: type[models.Model], columns: Sequence[models.Field], rows, *, using: str) -> None:
    """INSERT ``rows`` (tuples of Python values, one per field in ``columns``) into ``model``'s table."""
    connection = connections[using]
    quote = connection.ops.quote_name
    converters = [_converter(field, connection) for field in columns]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in columns),
        ", ".join(["%s"] * len(columns)),
    )
    params = [tuple(v if c is None else c(v) for c, v in zip(converters, row, strict=True)) for row in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def create_values_with_history(
    values: list[MeasureValue], *, user, change_reason: str, batch_size: int = 2000
) -> list[MeasureValue]:
    """Insert new ``values`` and one "+" history row each (by ``user``, with ``change_reason``)."""
    using = router.db_for_write(MeasureValue)
    history = MeasureValue.history.model
    with transaction.atomic(using=using, savepoint=False):
        created = MeasureValue.objects.using(using).bulk_create(values, batch_size=batch_size)
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not created:
            return created
        if any(value.pk is None for value in created):  # a backend that returns no keys
            raise RuntimeError("the database returned no primary keys for the new values")
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
