"""Reading officers' files of monthly values, and importing them through the one resource.

``read_values_file`` turns the bytes of a CSV or XLSX file, as officers really make them, into a
``tablib.Dataset`` with our column names (``row``, ``measure``, ``month``, ``value``,
``numerator``, ``denominator``, ``note``, ``outlier_reason``). It refuses, with a message an
officer can act on, files that are not what they claim: an empty file, a file over
``IMPORT_MAX_BYTES``, a PDF or other binary renamed, an old .xls, a workbook with formulas, a
file without the columns we need. It does not convert cells: the resource's widgets do, so a bad
cell is reported on its row and column.

``import_values`` is the service the admin's import and the benchmark share: read, then
``MeasureValueResource.import_data`` with the options that make it all-or-nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable
from typing import IO, Any

import tablib
from django.conf import settings

COLUMNS = ("row", "measure", "month", "value", "numerator", "denominator", "note", "outlier_reason")
REQUIRED = ("measure", "month", "value")
HEADER_ALIASES = {
    "measure": {"measure", "measure code", "code", "measure name", "name", "indicator", "measure_code"},
    "month": {"month", "period", "date", "month starting", "reporting month"},
    "value": {"value", "figure", "result", "outturn", "actual"},
    "numerator": {"numerator", "num", "count"},
    "denominator": {"denominator", "den", "denom", "out of", "total"},
    "note": {"note", "notes", "comment", "comments"},
    "outlier_reason": {"outlier reason", "outlier_reason", "reason", "why unusual", "outlier"},
}
ALIAS_TO_COLUMN = {alias: column for column, aliases in HEADER_ALIASES.items() for alias in aliases}
PDF, ZIP, OLE2 = b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


class ImportRefused(ValueError):
    """The file cannot be imported at all; the message says why and what to do."""


def check_size(size: int | None) -> None:
    """Raise ImportRefused when ``size`` bytes is more than IMPORT_MAX_BYTES (read nothing)."""
    limit = settings.IMPORT_MAX_BYTES
    if size is not None and size > limit:
        raise ImportRefused(
            f"The file is {size / 1_048_576:.1f} MB; the largest that can be imported is "
            f"{limit / 1_048_576:.1f} MB. Split it into smaller files."
        )


def read_upload(upload: IO[bytes] | Any) -> bytes:
    """Return an uploaded file's bytes after checking its size from its metadata first."""
    check_size(getattr(upload, "size", None))
    if hasattr(upload, "chunks"):
        return b"".join(upload.chunks())
    return upload.read()


def _normalise_header(cell: object) -> str:
    text = re.sub(r"\s+", " ", str(cell or "").replace("\ufeff", "")).strip().lower()
    return re.sub(r"\s*\(.*\)$", "", text)  # "Value (%)" -> "value"


def _csv_rows(data: bytes) -> list[list[str]]:
    if b"\x00" in data[:4096]:
        raise ImportRefused("This file is not a CSV or Excel workbook. Save it as CSV or .xlsx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


def _xlsx_rows(data: bytes) -> list[list[object]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ImportRefused("This file is not an Excel workbook (.xlsx) that can be read.") from error
    sheet = book.active
    rows: list[list[object]] = []
    for row in sheet.iter_rows():
        values: list[object] = []
        for cell in row:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                raise ImportRefused(
                    f"The spreadsheet has a formula in cell {cell.coordinate} ({value}). Formulas are "
                    "not imported: copy the sheet and paste it as values, then import that."
                )
            if isinstance(value, int | float) and "%" in (getattr(cell, "number_format", "") or ""):
                value = f"{value * 100:.10g}%"  # a cell formatted 45% holds 0.45
            values.append(value)
        rows.append(values)
    book.close()
    return rows


def _is_blank(row: Iterable[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def read_values_file(data: bytes, *, name: str = "") -> tablib.Dataset:
    """Return the file's rows as a Dataset with our columns; raise ImportRefused if it can't be read.

    Blank rows are dropped; ``row`` keeps each row's number in the file (header is row 1 when it
    is the first line). Columns we don't know are ignored; columns may come in any order.
    """
    check_size(len(data))
    if not data.strip(b" \t\r\n\xef\xbb\xbf,;"):
        raise ImportRefused("The file is empty. Choose the file with this month's values in it.")
    if data.startswith(PDF):
        raise ImportRefused("This file is a PDF, not a spreadsheet. Save the figures as CSV or .xlsx.")
    if data.startswith(OLE2):
        raise ImportRefused("This is an old Excel (.xls) or Word file. Save it as Excel (.xlsx) or CSV.")
    rows = _xlsx_rows(data) if data.startswith(ZIP) else _csv_rows(data)
    numbered = [(i, row) for i, row in enumerate(rows, 1) if not _is_blank(row)]
    if not numbered:
        raise ImportRefused("The file is empty. Choose the file with this month's values in it.")
    header_line, header = numbered[0]
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = ALIAS_TO_COLUMN.get(_normalise_header(cell))
        if column and column not in positions:
            positions[column] = index
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        raise ImportRefused(
            f"Row {header_line} should name the columns; it has no {', '.join(missing)} column. "
            "The file needs measure (code or name), month and value; numerator, denominator, note "
            "and outlier reason are optional."
        )
    dataset = tablib.Dataset(headers=list(COLUMNS))
    dataset.source_columns = {column: str(header[index]).strip() for column, index in positions.items()}
    for number, row in numbered[1:]:
        cells = [number]
        for column in COLUMNS[1:]:
            index = positions.get(column)
            cells.append(row[index] if index is not None and index < len(row) else None)
        dataset.append(cells)
    if not dataset:
        raise ImportRefused("The file has column names but no values under them.")
    return dataset


def parse_month(raw: object) -> dt.date | None:
    """Return the first of the month ``raw`` names; raise ValueError if it names none.

    Takes date and datetime cells, Excel serial day numbers, ``Apr-16``, ``Apr 2016``,
    ``April 2016``, ``2016-04``, ``2016-04-01`` and UK ``01/04/2016``.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime | dt.date):
        return dt.date(raw.year, raw.month, 1)
    return _parse_month_text(str(raw).strip())


ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


@functools.lru_cache(maxsize=4096)
def _parse_month_text(text: str) -> dt.date:
    """Parse one month's text (cached: a file names the same few months on many rows)."""
    iso = ISO_MONTH.fullmatch(text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3] or 1)
        try:
            return dt.date(year, month, day).replace(day=1)
        except ValueError:
            raise ValueError(f"“{text}” is not a month; write it as Apr-16, April 2016 or 2016-04.") from None
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # an Excel serial day number
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
        return day.replace(day=1)
    for pattern in ("%b-%y", "%b %y", "%b-%Y", "%b %Y", "%B %Y", "%B-%Y", "%B-%y", "%Y-%m", "%Y/%m"):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC).date().replace(day=1)
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC).date().replace(day=1)
        except ValueError:
            pass
    raise ValueError(f"“{text}” is not a month; write it as Apr-16, April 2016 or 2016-04.")


NUMBER_NOISE = re.compile(r"[\s\u00a0,£%]")


def parse_number(raw: object) -> str | None:
    """Return ``raw`` as a plain number string (``45%`` -> ``45``, ``1,234`` -> ``1234``), or None.

    Raises ValueError for text that is not a number.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(f"“{raw}” is not a number.")
    if isinstance(raw, int | float):
        return repr(raw) if isinstance(raw, float) else str(raw)
    text = NUMBER_NOISE.sub("", str(raw))
    if not text:
        return None
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        raise ValueError(f"“{str(raw).strip()}” is not a number.")
    return text
