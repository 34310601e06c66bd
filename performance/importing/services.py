"""Importing a file of monthly values: preview it, then confirm it once, all or nothing.

``import_preview`` reads the file, checks every row (writing no value) and, when every row
passes, stores a ``ValueImport``: the file, its SHA-256, the (measure, month) pairs it fills
and a fingerprint of those months as they stood. ``import_confirm`` is the confirm step (the
admin calls it; it can run in a worker as well). In one transaction it:

1. locks the preview's row, so a second confirm (a double click) waits and then finds it done;
2. refuses a preview that was already confirmed or refused, that expired, or whose file changed;
3. locks the rows of the measures the file touches (in one order), so two imports or an import
   and the month grid take turns over the same measures instead of overwriting or losing rows;
4. compares the months' fingerprint with the preview's and refuses, naming the rows whose months
   changed, when anyone wrote to them since;
5. imports every row or none (a row that fails now, or a value written meanwhile by a path that
   took no lock, rolls everything back and is named);
6. reads the new values back, writes the admin log's "Added" entries for exactly those, and
   records the outcome on the preview.

A refusal is recorded on the preview in its own transaction, so the preview cannot be used
again. The message of every outcome says what was written, counted from the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.cache import bump_data_version
from performance.entry.services import measures_lock
from performance.entry.validation import month_name
from performance.importing.cells import parse_month
from performance.importing.parsing import read_values_file
from performance.importing.resources import MeasureValueResource
from performance.models import ImportStatus, Measure, MeasureValue, ValueImport, ValueStatus

# The options every import passes to import_data: without rollback_on_validation_errors the
# rows that passed are committed when others fail validation.
ALL_OR_NOTHING = {"use_transactions": True, "rollback_on_validation_errors": True}
PREVIEW_ROWS = 100
Pair = tuple[int, dt.date]


@dataclass(frozen=True)
class PreviewRow:
    """One row as the import understood it: the measure by name, the month in words, the value
    as it will be stored, beside the cell as the file wrote it."""

    row: object
    measure: str
    month: str
    value: str
    numerator: str
    denominator: str
    in_file: str


@dataclass
class Preview:
    """What the preview found: the library's Result, the rows understood and, when every row
    passed, the stored preview to confirm."""

    result: object
    rows: list[PreviewRow] = field(default_factory=list)
    count: int = 0
    stored: ValueImport | None = None


@dataclass
class Confirmed:
    """What a confirm did: ``written`` values read back from the database, and the message."""

    ok: bool
    message: str
    written: int = 0
    problems: list[str] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


def import_values(data: bytes, *, user, dry_run: bool = False, submit: bool = False, name: str = ""):
    """Import a file of monthly values in one step; return import-export's Result.

    All or nothing: a refused file raises ImportRefused; any bad row rolls the whole file back
    (the Result then holds every row's problems). Values are created as drafts (submitted when
    ``submit``) entered by ``user``, with provenance "officer entry", and their history written.
    The measures the file touches are locked while it is written (see the module docstring).
    """
    dataset = read_values_file(data, name=name)
    if dry_run:
        return _run(dataset, user=user, submit=submit, dry_run=True)
    with transaction.atomic():
        measures_lock(_dataset_measure_ids(dataset))
        result = _run(dataset, user=user, submit=submit, dry_run=False)
        if _passed(result):
            bump_data_version()
        return result


def import_preview(*, data: bytes, user, name: str, submit: bool = False) -> Preview:
    """Check every row of the file, writing no value; store the preview when all of them pass.

    Raises ImportRefused for a file that cannot be read at all. Deletes this user's previews
    that have expired.
    """
    dataset = read_values_file(data, name=name)
    result = _run(dataset, user=user, submit=submit, dry_run=True)
    preview = Preview(result=result)
    if not _passed(result):
        return preview
    instances = [row.instance for row in result.valid_rows()]
    preview.rows = [_understood(row) for row in result.valid_rows()[:PREVIEW_ROWS]]
    preview.count = len(instances)
    pairs = sorted({(v.measure_id, v.period) for v in instances})
    now = timezone.now()
    ValueImport.objects.filter(user=user, expires_at__lt=now).delete()
    preview.stored = ValueImport.objects.create(
        user=user,
        file_name=name[:255],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        months=[[measure_id, f"{month:%Y-%m-%d}"] for measure_id, month in pairs],
        fingerprint=months_fingerprint(pairs),
        submit=submit,
        expires_at=now + dt.timedelta(minutes=settings.IMPORT_PREVIEW_MINUTES),
    )
    return preview


def import_confirm(*, token: uuid.UUID | str, user, sha256: str = "") -> Confirmed:
    """Confirm a preview: import its file if nothing changed since, once; see the module docstring.

    Never raises for a stale, repeated, expired or unknown confirm: the outcome's message says
    what happened and what was written.
    """
    try:
        with transaction.atomic():
            stored = ValueImport.objects.select_for_update().filter(token=token, user=user).first()
            if stored is None:
                return Confirmed(
                    False,
                    "This preview is not known (it may have expired and been cleared); nothing was "
                    "imported. Choose the file again to preview it.",
                )
            done = _finished_message(stored, sha256)
            if done is not None:
                return done
            return _confirm_locked(stored, user)
    except _Refused as refused:
        ValueImport.objects.filter(token=token, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.REFUSED, finished_at=timezone.now(), outcome=refused.message, data=b""
        )
        return Confirmed(False, refused.message, problems=refused.problems)


def _finished_message(stored: ValueImport, sha256: str) -> Confirmed | None:
    """Return the outcome for a preview that cannot be confirmed now (None when it can)."""
    name = stored.file_name
    if stored.status == ImportStatus.IMPORTED:
        return Confirmed(
            False,
            f"{name} was already imported at {_when(stored.finished_at)} ({_values(stored.written)} "
            "written then); this second confirmation imported nothing.",
        )
    if stored.status == ImportStatus.REFUSED:
        return Confirmed(
            False,
            f"{name} was refused at {_when(stored.finished_at)}: {stored.outcome} This confirmation "
            "imported nothing; choose the file again to preview it.",
        )
    actual = hashlib.sha256(bytes(stored.data)).hexdigest()
    if (sha256 and sha256 != stored.sha256) or actual != stored.sha256:
        raise _Refused(f"Nothing was imported: {name} is not the file that was previewed. Preview it again.")
    if stored.expires_at <= timezone.now():
        raise _Refused(
            f"Nothing was imported: the preview of {name} expired at {_when(stored.expires_at)} "
            f"(previews last {settings.IMPORT_PREVIEW_MINUTES} minutes). Choose the file again to preview it."
        )
    return None


def _confirm_locked(stored: ValueImport, user) -> Confirmed:
    pairs = [(measure_id, dt.date.fromisoformat(month)) for measure_id, month in stored.months]
    measures_lock(measure_id for measure_id, _ in pairs)
    if months_fingerprint(pairs) != stored.fingerprint:
        changed = _filled(pairs)
        raise _Refused(
            f"Nothing was imported: since {stored.file_name} was previewed, values were entered for "
            f"{_values(len(changed))} it holds ({_describe(changed)}). Preview the file again to "
            "see what it would add now.",
            _collisions(stored, changed),
        )
    dataset = read_values_file(bytes(stored.data), name=stored.file_name)
    try:
        with transaction.atomic():
            result = _run(dataset, user=user, submit=stored.submit, dry_run=False)
    except IntegrityError:
        result = None
    if result is None or not _passed(result):
        changed = _filled(pairs)
        if changed:
            raise _Refused(
                f"Nothing was imported: while {stored.file_name} was being written, values were "
                f"entered for {_describe(changed)}.",
                _collisions(stored, changed),
            )
        raise _Refused(f"Nothing was imported: some rows of {stored.file_name} failed.", _problems(result))
    ids = [row.instance.pk for row in result.valid_rows()]
    written = list(MeasureValue.objects.filter(pk__in=ids).select_related("measure").order_by("pk"))
    if len(written) != len(pairs):
        raise _Refused(
            f"Nothing was imported: {len(pairs)} values were to be written but {len(written)} were found "
            "afterwards; the import was rolled back."
        )
    LogEntry.objects.log_actions(user.pk, written, ADDITION, change_message="Imported from a file")
    message = _success_message(stored, written)
    stored.status = ImportStatus.IMPORTED
    stored.finished_at = timezone.now()
    stored.written = len(written)
    stored.outcome = message
    stored.data = b""
    stored.save(update_fields=["status", "finished_at", "written", "outcome", "data"])
    bump_data_version()
    return Confirmed(True, message, written=len(written))


def months_fingerprint(pairs: Iterable[Pair]) -> str:
    """Return a SHA-256 of the values stored at ``pairs`` (their ids and versions); one query.

    Any value entered, changed or deleted in those months changes it.
    """
    wanted = set(pairs)
    rows = sorted((m, p, pk, v) for m, p, pk, v in _stored_at(wanted) if (m, p) in wanted)
    text = ";".join(f"{m}:{p:%Y-%m}:{pk}:{v}" for m, p, pk, v in rows)
    return hashlib.sha256(text.encode()).hexdigest()


def _stored_at(pairs: set[Pair]):
    if not pairs:
        return []
    months = [p for _, p in pairs]
    return MeasureValue.objects.filter(
        measure_id__in={m for m, _ in pairs}, period__range=(min(months), max(months))
    ).values_list("measure_id", "period", "pk", "version")


def _filled(pairs: Iterable[Pair]) -> list[MeasureValue]:
    """Return the values now stored at ``pairs``, with their measures and who entered them."""
    wanted = set(pairs)
    ids = [pk for m, p, pk, _ in _stored_at(wanted) if (m, p) in wanted]
    return list(
        MeasureValue.objects.filter(pk__in=ids)
        .select_related("measure", "entered_by")
        .order_by("measure", "period")
    )


def _describe(values: list[MeasureValue], most: int = 5) -> str:
    shown = [f"{v.measure.name}, {month_name(v.period)}" for v in values[:most]]
    more = len(values) - most
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _collisions(stored: ValueImport, values: list[MeasureValue]) -> list[str]:
    """Return a line per value that collided: the file's row, the measure, the month, who entered it."""
    rows: dict[tuple[int | None, dt.date | None], object] = {}
    dataset = read_values_file(bytes(stored.data), name=stored.file_name) if stored.data else None
    if dataset is not None:
        lookup = {
            m.casefold(): pk
            for pk, *names in Measure.objects.values_list("pk", "code", "name")
            for m in names
        }
        for number, measure, month in zip(dataset["row"], dataset["measure"], dataset["month"], strict=True):
            try:
                pair = (lookup.get(str(measure or "").strip().casefold()), parse_month(month))
            except ValueError:
                continue
            rows.setdefault(pair, number)
    lines = []
    for v in values:
        who = v.entered_by.get_username() if v.entered_by else "someone"
        row = rows.get((v.measure_id, v.period))
        where = f"Row {row}: " if row is not None else ""
        lines.append(
            f"{where}{v.measure.code} ({v.measure.name}), {month_name(v.period)}: a value "
            f"({_plain(v.value)}, {v.get_status_display().lower()}) was entered by {who} at "
            f"{_when(v.updated_at)}."
        )
    return lines


def _success_message(stored: ValueImport, written: list[MeasureValue]) -> str:
    status = ValueStatus.SUBMITTED if stored.submit else ValueStatus.DRAFT
    saved = sum(1 for v in written if v.status == status)
    measures = sorted({v.measure.name for v in written})
    months = sorted({v.period for v in written})
    span = (
        month_name(months[0]) if len(months) == 1 else f"{month_name(months[0])} to {month_name(months[-1])}"
    )
    kind = "submitted for approval" if stored.submit else "drafts"
    return (
        f"{_values(saved)} saved as {kind} from {stored.file_name}, read back from the database: "
        f"{len(measures)} measure{'s' if len(measures) != 1 else ''}, {span}."
    )


def _problems(result) -> list[str]:
    if result is None:
        return []
    lines = [str(error.error) for error in result.base_errors]
    lines += [f"Row {number}: {error.error}" for number, errors in result.row_errors() for error in errors]
    lines += [m for row in result.invalid_rows for ms in row.error_dict.values() for m in ms]
    return lines


def _run(dataset, *, user, submit: bool, dry_run: bool):
    resource = MeasureValueResource(submit=submit)
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        user=user,
        retain_instance_in_row_result=True,
        **ALL_OR_NOTHING,
    )


def _passed(result) -> bool:
    return not result.has_errors() and not result.has_validation_errors()


def _dataset_measure_ids(dataset) -> list[int]:
    names = {str(cell or "").strip().casefold() for cell in dataset["measure"]}
    return [
        pk
        for pk, code, name in Measure.objects.values_list("pk", "code", "name")
        if {code.casefold(), name.casefold()} & names
    ]


def _understood(row) -> PreviewRow:
    value = row.instance
    raw = row.row_values or {}
    return PreviewRow(
        row=raw.get("row"),
        measure=f"{value.measure.name} ({value.measure.code})",
        month=month_name(value.period),
        value=_plain(value.value),
        numerator=_plain(value.numerator),
        denominator=_plain(value.denominator),
        in_file=str(raw.get("value", "")).strip(),
    )


def _plain(number: Decimal | None) -> str:
    """Return 1912 for 1912.0000 and 21.5 for 21.5000, as the value is stored and shown."""
    if number is None:
        return ""
    stored = Decimal(number).quantize(Decimal("0.0001"))
    text = f"{stored:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _values(count: int) -> str:
    return f"{count} value{'s' if count != 1 else ''}"


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "an unknown time"
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"
