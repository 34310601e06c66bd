"""Reading DfE files: the bytes of a CSV (UTF-8 with or without a BOM, or Windows-1252) or an
.xlsx workbook, as numbered rows of text; and the cells of those rows, strictly.

Pure functions on plain data, no database. Every refusal is a ``BenchmarkFileError`` whose
message names the row (as a spreadsheet numbers it: the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# DfE's symbols for a figure not published: c confidential, k rounds to zero, low, u low
# reliability, x not available, z not applicable, : not available, ~ and .. used in older files.
SUPPRESSION_MARKERS = frozenset({"c", "x", "z", ":", "u", "k", "low", "~", ".."})
NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")
FINANCIAL_YEAR = re.compile(r"^(\d{4})-?(\d{2})$")
MAX_LISTED = 10


class BenchmarkFileError(ValueError):
    """The file cannot be read as benchmarks; the message says where and why."""


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, cells by column)


def read_table(data: bytes | str, *, name: str = "") -> Table:
    """Return the rows of a CSV or .xlsx file as text, numbered as a spreadsheet shows them."""
    if isinstance(data, str):
        return _csv(data.lstrip("\ufeff"))
    if data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx"):
        return _xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel's "CSV" on Windows
        except UnicodeDecodeError as error:
            raise BenchmarkFileError(
                f"The file is neither UTF-8 nor Windows-1252 text (byte {error.start + 1} cannot be read)."
            ) from None
    if "\x00" in text[:4096]:
        raise BenchmarkFileError("The file is not CSV text: save it as CSV UTF-8 or as .xlsx.")
    return _csv(text)


def _csv(text: str) -> Table:
    try:
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        if not header:
            raise BenchmarkFileError("The file is empty: it has no header row.")
        columns = [c.strip() for c in header]
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns):
                raise BenchmarkFileError(
                    f"Row {number} has {len(cells)} cells but the header names {len(columns)} columns."
                )
            rows.append((number, dict(zip(columns, (c.strip() for c in cells), strict=False))))
    except csv.Error as error:
        raise BenchmarkFileError(f"The file is not valid CSV: {error}.") from None
    return Table(columns=columns, rows=rows)


def _xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise BenchmarkFileError(f"The file is not an .xlsx workbook Excel can open ({error}).") from None
    try:
        sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()
    used = {title: rows for title, rows in sheets.items() if any(any(c is not None for c in r) for r in rows)}
    if len(used) != 1:
        names = ", ".join(f"“{t}”" for t in used) or "none"
        raise BenchmarkFileError(
            f"The workbook must hold its data on one sheet; sheets with data: {names}. "
            "Save the sheet you mean as a file of its own."
        )
    [rows] = used.values()
    columns = [_text(c) for c in rows[0]]
    found = []
    for number, cells in enumerate(rows[1:], start=2):
        texts = [_text(c) for c in cells]
        if any(texts):
            found.append((number, dict(zip(columns, texts, strict=False))))
    return Table(columns=columns, rows=found)


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float):
        return format(Decimal(repr(cell)).normalize(), "f") if cell == cell else "nan"
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return str(cell).strip()


def where_located(number: int, column: str) -> str:
    return f"Row {number}, column “{column}”"


def read_figure(text: str, *, number: int, column: str) -> tuple[Decimal | None, str] | None:
    """Return (value, "") for a number, (None, marker) for a suppressed figure, None for a blank.

    Raises BenchmarkFileError for anything else (``28%``, ``n/a``, ``1.2.3``).
    """
    text = text.strip()
    if not text:
        return None
    if text.lower() in SUPPRESSION_MARKERS:
        return None, text.lower()[:2]
    if not NUMBER.match(text):
        raise BenchmarkFileError(
            f"{where_located(number, column)}: “{text[:40]}” is not a number or one of DfE's "
            f"suppression codes ({', '.join(sorted(SUPPRESSION_MARKERS))})."
        )
    try:
        return Decimal(text.replace(",", "")), ""
    except InvalidOperation:  # the pattern allows only what Decimal reads; kept for safety
        raise BenchmarkFileError(f"{where_located(number, column)}: “{text[:40]}” is not a number.") from None


def read_year(text: str, *, number: int, column: str = "time_period") -> int:
    """Return the year a ``time_period`` names: 2016 is 2016; a financial year such as 202425
    (or 2024-25) is the year it ends in, 2025, as the app names financial years."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    match = FINANCIAL_YEAR.fullmatch(text)
    if match and int(match[2]) == (int(match[1]) + 1) % 100:
        return int(match[1]) + 1
    raise BenchmarkFileError(
        f"{where_located(number, column)}: “{text[:40]}” is not a year (2016) or a financial year "
        "(201516 or 2015-16)."
    )


def listed(values: Iterator[str] | list[str] | set[str]) -> str:
    """Return up to MAX_LISTED values, quoted and sorted, with a count of the rest."""
    ordered = sorted(set(values))
    shown = ", ".join(f"“{v}”" for v in ordered[:MAX_LISTED])
    return shown + (f" and {len(ordered) - MAX_LISTED} more" if len(ordered) > MAX_LISTED else "")
