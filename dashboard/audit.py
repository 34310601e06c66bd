"""The audit trail: every change to a value, a target or an action, field by field.

Read from django-simple-history's records (who, when, the reason, and the whole record after
each change), diffed against the record before, so each row says a field's value before and
after. The same rows feed the admin's audit page and its CSV export.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from core.models import Job
from improvement.models import Action
from performance.models import Measure, MeasureValue, Target

# Jobs too: who started each piece of long work, when it ran and how it ended.
AUDITED: dict[str, type[models.Model]] = {
    "value": MeasureValue,
    "target": Target,
    "action": Action,
    "job": Job,
}
# Bookkeeping, raised on every save: not a change anyone made.
SKIPPED_FIELDS = frozenset({"id", "version", "updated_at"})
KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
CSV_HEADER = ["When", "Who", "Record type", "Record", "What", "Field", "Before", "After", "Reason"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AuditRow:
    when: dt.datetime
    who: str
    kind: str
    record_type: str
    record: str
    change: str
    field: str
    before: str
    after: str
    reason: str

    def as_csv(self) -> list[str]:
        return [
            timezone.localtime(self.when).isoformat(timespec="seconds"),
            *(
                _safe(v)
                for v in (
                    self.who,
                    self.record_type,
                    self.record,
                    self.change,
                    self.field,
                    self.before,
                    self.after,
                    self.reason,
                )
            ),
        ]


def _safe(text: str) -> str:
    """Escape a cell a spreadsheet would run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _shown(value: Any, names: dict[str, dict[Any, str]], field: models.Field) -> str:
    """Return the value as a person reads it: related records by name, times local."""
    if value is None:
        return ""
    if field.is_relation:
        return names.get(field.related_model._meta.label, {}).get(value, str(value))
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}"
    return str(value)


def _names() -> dict[str, dict[Any, str]]:
    """Return display names of the records the audited models point at. Three queries."""
    from django.contrib.auth import get_user_model

    from improvement.models import Theme

    user = get_user_model()
    return {
        "performance.Measure": dict(Measure.objects.values_list("id", "code")),
        "improvement.Theme": dict(Theme.objects.values_list("id", "code")),
        user._meta.label: dict(user.objects.values_list("pk", user.USERNAME_FIELD)),
    }


def _labeller(model: type[models.Model], names: dict[str, dict[Any, str]]):
    """Return a function naming a historical record without a query per record."""
    if model in (MeasureValue, Target):
        codes = names["performance.Measure"]
        if model is MeasureValue:
            return lambda r: f"{codes.get(r.measure_id, r.measure_id)} {r.period:%b %Y}"
        return lambda r: f"{codes.get(r.measure_id, r.measure_id)} target from {r.valid_from:%b %Y}"
    if model is Job:
        return lambda r: r.title
    return lambda r: r.code


def _fields(model: type[models.Model]) -> list[models.Field]:
    """Return the fields the history keeps (a model may leave some out, e.g. a job's progress)."""
    kept = {f.attname for f in model.history.model._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.attname not in SKIPPED_FIELDS and f.attname in kept]


def audit_rows(
    kinds: Iterable[str] | None = None, since: dt.date | None = None, until: dt.date | None = None
) -> Iterator[AuditRow]:
    """Yield the changes, newest first, to the chosen kinds of record (all when None) between the
    two dates (inclusive). Two or three queries per kind of record, whatever the number of rows.
    """
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tz) if since else None
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tz) if until else None
    rows: list[AuditRow] = []
    names = _names()
    for key in kinds or AUDITED:
        model = AUDITED[key]
        rows.extend(_rows_for(model, start, end, names))
    rows.sort(key=lambda r: r.when, reverse=True)
    yield from rows


def _rows_for(
    model: type[models.Model], start: dt.datetime | None, end: dt.datetime | None, names: dict
) -> list[AuditRow]:
    history = model.history.all()
    window = history
    if start:
        window = window.filter(history_date__gte=start)
    if end:
        window = window.filter(history_date__lt=end)
        history = history.filter(history_date__lt=end)
    # Every record of the objects changed in the window, so each change has the one before it.
    records = (
        history.filter(id__in=window.values("id"))
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    label = _labeller(model, names)
    fields = _fields(model)
    name = str(model._meta.verbose_name)
    out: list[AuditRow] = []
    before = None
    for record in records:
        if before is not None and before.id != record.id:
            before = None
        in_window = (start is None or record.history_date >= start) and (
            end is None or record.history_date < end
        )
        if in_window:
            out.extend(_changes(record, before, fields, name, label(record), names))
        before = record
    return out


def _changes(
    record, before, fields: list[models.Field], name: str, label: str, names: dict
) -> list[AuditRow]:
    user = record.history_user
    common = {
        "when": record.history_date,
        "who": user.get_username() if user else "",
        "kind": record.history_type,
        "record_type": name,
        "record": label,
        "change": KINDS.get(record.history_type, record.history_type),
        "reason": record.history_change_reason or "",
    }
    rows = []
    for field in fields:
        old = getattr(before, field.attname) if before is not None else None
        new = getattr(record, field.attname)
        if record.history_type == "-":
            old, new = new, None
        shown_old, shown_new = _shown(old, names, field), _shown(new, names, field)
        if shown_old != shown_new:
            label = capfirst(field.verbose_name)
            rows.append(AuditRow(field=label, before=shown_old, after=shown_new, **common))
    if not rows:  # a save that changed nothing but was recorded (e.g. an inline added)
        rows.append(AuditRow(field="", before="", after="", **common))
    return rows


def write_csv(rows: Iterable[AuditRow], out: Any) -> None:
    """Write the header and the rows to the file-like ``out`` as CSV."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(row.as_csv() for row in rows)
