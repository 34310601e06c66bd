"""Reading officers' files of monthly values into rows, within limits, and their numbers strictly.

``read_values_file`` turns the bytes of a CSV, tab-separated or XLSX file, as officers really
make them, into a ``tablib.Dataset`` with our column names (``row``, ``measure``, ``month``,
``value``, ``numerator``, ``denominator``, ``note``, ``outlier_reason``). Before anything is
parsed it checks the limits (bytes, a workbook's expanded size from its zip directory, its
number of sheets); while reading it stops at the first row, column or cell past its limit. Each
refusal is an ``ImportRefused`` with a message an officer can act on: an empty file, a PDF or
other binary renamed, an old .xls, a workbook with formulas or with values on several sheets, a
file without the columns we need. It does not convert cells: the resource's widgets do, so a bad
cell is reported on its row and column.

Its cells are read one at a time by performance.importing.cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
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
DELIMITERS = ("\t", ";", ",")
DELIMITER_NAMES = {"\t": "tab", ";": "semicolon", ",": "comma"}


class ImportRefused(ValueError):
    """The file cannot be imported at all; the message says why and what to do."""


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def check_size(size: int | None) -> None:
    """Raise ImportRefused when ``size`` bytes is more than IMPORT_MAX_BYTES (read nothing)."""
    limit = settings.IMPORT_MAX_BYTES
    if size is not None and size > limit:
        raise ImportRefused(
            f"The file is {_megabytes(size)}; the largest that can be imported is "
            f"{_megabytes(limit)}. Split it into smaller files."
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


class _Limits:
    """The row, column and cell limits of one read, checked as each row arrives."""

    def __init__(self) -> None:
        self.rows: int = settings.IMPORT_MAX_ROWS
        self.columns: int = settings.IMPORT_MAX_COLUMNS
        self.cell_chars: int = settings.IMPORT_MAX_CELL_CHARS

    def check_row(self, number: int, row: Sequence[object], sheet: str = "") -> None:
        """Refuse row ``number`` (of ``sheet``, in a workbook) when past a limit."""
        where = f" of sheet “{sheet}”" if sheet else ""
        what = f"Sheet “{sheet}”" if sheet else "The file"
        if number > self.rows + 1:  # the header is one more row
            raise ImportRefused(
                f"{what} has more than {self.rows:,} rows of values; the most one import "
                "takes is that many. Split it into smaller files."
            )
        used = len(row)
        while used and (row[used - 1] is None or row[used - 1] == ""):
            used -= 1
        if used > self.columns:
            raise ImportRefused(
                f"Row {number}{where} has {used} columns; the most a file of values can have is "
                f"{self.columns}. Remove the columns that are not measure, month, value, numerator, "
                "denominator, note or outlier reason."
            )
        for index, cell in enumerate(row[:used], 1):
            if isinstance(cell, str) and len(cell) > self.cell_chars:
                raise ImportRefused(
                    f"Row {number}, column {_column_letter(index)}{where}: the cell holds "
                    f"{len(cell):,} characters; the most a cell can hold is {self.cell_chars:,}. "
                    "Shorten it (a note belongs in a few sentences)."
                )


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _decode(data: bytes) -> str:
    """Return the text of a CSV: UTF-16 (with a BOM, or without one), UTF-8 or Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportRefused(
                "The file says it is UTF-16 text but cannot be read as such. Save it from Excel "
                "as “CSV UTF-8” and import that."
            ) from error
    head = data[:4096]
    if b"\x00" in head:
        odd, even = head[1::2], head[0::2]
        for encoding, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
            if zeros and zeros.count(0) >= 0.9 * len(zeros):
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    break
        raise ImportRefused("This file is not a CSV or Excel workbook. Save it as CSV or .xlsx.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def _choose_delimiter(text: str) -> str:
    """Return the delimiter that splits the header line into the most known column names.

    Sniffing the whole sample misleads on files with empty optional cells, so the header
    decides; a tie goes to the delimiter the header line holds most of.
    """
    first = next((line for line in text[:65536].splitlines() if line.strip(" \t,;\ufeff")), "")

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        known = {ALIAS_TO_COLUMN.get(_normalise_header(cell)) for cell in cells} - {None}
        return len(known), first.count(delimiter)

    return max(DELIMITERS, key=score)


BLANK_LINE = re.compile(rb"^[ \t,;\"\r]*$", re.MULTILINE)


def _csv_rows(data: bytes, limits: _Limits) -> tuple[list[list[Any]], str]:
    lines = data.count(b"\n") + 1
    if lines > limits.rows + 1 and lines - len(BLANK_LINE.findall(data)) > limits.rows + 1:
        raise ImportRefused(
            f"The file has more than {limits.rows:,} rows of values; the most one import takes is "
            "that many. Split it into smaller files."
        )
    text = _decode(data)
    delimiter = _choose_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    try:
        for row in reader:
            limits.check_row(reader.line_num, row)
            rows.append(row)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ImportRefused(
                f"Row {reader.line_num}: a cell holds more than {limits.cell_chars:,} characters; "
                "the most a cell can hold is that many. Shorten it."
            ) from error
        raise ImportRefused(
            f"Row {max(reader.line_num, 1)} cannot be read as CSV ({error}). Save the file from Excel as "
            "“CSV UTF-8” and import that."
        ) from error
    return rows, delimiter


def _check_workbook(data: bytes) -> None:
    """Refuse a workbook whose members expand past IMPORT_MAX_EXPANDED_BYTES or with too many sheets.

    Reads only the zip's directory (and the small workbook part), so a file that would expand to
    gigabytes is refused at once.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ImportRefused("This file is not an Excel workbook (.xlsx) that can be read.") from error
    with archive:
        expanded = sum(member.file_size for member in archive.infolist())
        limit = settings.IMPORT_MAX_EXPANDED_BYTES
        if expanded > limit:
            raise ImportRefused(
                f"The workbook expands to {_megabytes(expanded)} when opened; the most that can be "
                f"imported is {_megabytes(limit)}. Save just the values, on one sheet, as CSV."
            )
        sheets = [m for m in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", m)]
        if len(sheets) > settings.IMPORT_MAX_SHEETS:
            raise ImportRefused(
                f"The workbook has {len(sheets)} sheets; the most that can be imported is "
                f"{settings.IMPORT_MAX_SHEETS}. Put the values on one sheet."
            )
        limits = _Limits()
        for member in sheets:
            _scan_sheet(archive, member, limits)
            _scan_texts(archive, member, limits)
        if "xl/sharedStrings.xml" in archive.namelist():
            _scan_texts(archive, "xl/sharedStrings.xml", limits)


ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")


def _xml_blocks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """Yield a zip member's XML a megabyte at a time, each block ending on a whole tag."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            cut = block.rfind(b">") + 1
            tail = block[cut:]
            yield block[:cut]
    if tail:
        yield tail


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _scan_sheet(archive: zipfile.ZipFile, member: str, limits: _Limits) -> None:
    """Refuse a sheet with more rows or a cell further right than the limits, from its XML alone.

    Counting tags costs a fraction of parsing the cells, so a sheet past a limit is refused at
    once rather than after it has been read.
    """
    rows = 0
    # Only references at least as many letters long as the first column past the limit are
    # matched, so a sheet of a few columns costs a scan and no matches.
    letters = len(_column_letter(limits.columns + 1))
    far = re.compile(rb' r="([A-Z]{%d,3})[0-9]' % letters)
    for block in _xml_blocks(archive, member):
        rows += sum(block.count(tag) for tag in ROW_TAGS)
        if rows > limits.rows + 1:
            raise ImportRefused(
                f"A sheet of the workbook has more than {limits.rows:,} rows of values; the most one "
                "import takes is that many. Split it into smaller files."
            )
        widest = max((_column_number(found) for found in set(far.findall(block))), default=0)
        if widest > limits.columns:
            raise ImportRefused(
                f"A sheet of the workbook has a cell in column {_column_letter(widest)}; the most "
                f"columns a file of values can have is {limits.columns}. Remove the columns that are "
                "not measure, month, value, numerator, denominator, note or outlier reason."
            )


def _scan_texts(archive: zipfile.ZipFile, member: str, limits: _Limits) -> None:
    """Refuse a workbook part holding a text longer than the cell limit (a long run without a tag)."""
    run = re.compile(rb"[^<]{%d}" % (limits.cell_chars + 1))
    for block in _xml_blocks(archive, member):
        if run.search(block):
            raise ImportRefused(
                f"A cell of the workbook holds more than {limits.cell_chars:,} characters; the most a "
                "cell can hold is that many. Shorten it (a note belongs in a few sentences)."
            )


def _sheet_rows(sheet: Any, limits: _Limits) -> Iterator[list[object]]:
    where = f" of sheet “{sheet.title}”"  # for the formula message
    for number, row in enumerate(sheet.iter_rows(), 1):
        values: list[object] = []
        for cell in row:
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                raise ImportRefused(
                    f"The spreadsheet has a formula in cell {cell.coordinate}{where} ({value}). Formulas "
                    "are not imported: copy the sheet and paste it as values, then import that."
                )
            if isinstance(value, int | float) and "%" in (getattr(cell, "number_format", "") or ""):
                value = f"{value * 100:.10g}%"  # a cell formatted 45% holds 0.45
            values.append(value)
        limits.check_row(number, values, sheet.title)
        yield values


def _xlsx_rows(data: bytes, limits: _Limits) -> list[list[object]]:
    """Return the rows of the one sheet holding values; refuse a workbook with values on several."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _check_workbook(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as error:
        raise ImportRefused("This file is not an Excel workbook (.xlsx) that can be read.") from error
    try:
        filled: dict[str, list[list[object]]] = {}
        for sheet in book.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet holds no cells
            sheet.reset_dimensions()  # a sheet's stated size can be wrong or huge: read what is there
            rows = list(_sheet_rows(sheet, limits))
            if not all(_is_blank(row) for row in rows):
                filled[sheet.title] = rows
    finally:
        book.close()
    if len(filled) > 1:
        names = ", ".join(f"“{title}”" for title in filled)
        raise ImportRefused(
            f"The workbook has values on {len(filled)} sheets ({names}); only one sheet is read, so "
            "none were imported. Put all the values on one sheet, or save each sheet as its own file."
        )
    return next(iter(filled.values()), [])


def _is_blank(row: Iterable[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def read_values_file(data: bytes, *, name: str = "") -> tablib.Dataset:
    """Return the file's rows as a Dataset with our columns; raise ImportRefused if it can't be read.

    Blank rows are dropped; ``row`` keeps each row's number in the file (header is row 1 when it
    is the first line). Columns we don't know are ignored; columns may come in any order. The
    Dataset's ``decimal_comma`` says whether the file is European (semicolon-separated), so a
    comma in its numbers is the decimal comma; ``source_columns`` maps our column names to the
    file's headers, for messages.
    """
    check_size(len(data))
    if not data.strip(b" \t\r\n\xef\xbb\xbf,;"):
        raise ImportRefused("The file is empty. Choose the file with this month's values in it.")
    if data.startswith(PDF):
        raise ImportRefused("This file is a PDF, not a spreadsheet. Save the figures as CSV or .xlsx.")
    if data.startswith(OLE2):
        raise ImportRefused("This is an old Excel (.xls) or Word file. Save it as Excel (.xlsx) or CSV.")
    limits = _Limits()
    delimiter = ""
    if data.startswith(ZIP):
        rows = _xlsx_rows(data, limits)
    else:
        rows, delimiter = _csv_rows(data, limits)
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
        split = f" (read as {DELIMITER_NAMES[delimiter]}-separated)" if delimiter else ""
        raise ImportRefused(
            f"Row {header_line} should name the columns{split}; it has no {', '.join(missing)} column. "
            "The file needs measure (code or name), month and value; numerator, denominator, note "
            "and outlier reason are optional."
        )
    dataset = tablib.Dataset(headers=list(COLUMNS))
    dataset.source_columns = {column: str(header[index]).strip() for column, index in positions.items()}
    dataset.decimal_comma = delimiter == ";"
    for number, row in numbered[1:]:
        cells = [number]
        for column in COLUMNS[1:]:
            index = positions.get(column)
            cells.append(row[index] if index is not None and index < len(row) else None)
        dataset.append(cells)
    if not dataset:
        raise ImportRefused("The file has column names but no values under them.")
    return dataset
