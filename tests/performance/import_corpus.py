"""A corpus of bad and awkward files of monthly values, made by code (no stored binaries).

Each ``Case`` is one file as officers (or accidents) make them, with what must happen: either the
file is refused and the messages hold every fragment of ``says`` (row, column, cause), writing
nothing; or it imports and exactly ``writes`` is stored, value by value. ``settings`` lowers a
limit for a case, so a file past it stays small.

``python -m tests.performance.import_corpus DIR`` writes every file to DIR, to try them by hand
in the admin (measures as in ``MEASURES``).
"""

from __future__ import annotations

import codecs
import io
import sys
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

# code, name, unit, decimal places, active, first month collected
MEASURES = (
    ("rereferrals", "Re-referrals within 12 months", "percentage", 1, True, None),
    ("cin", "Children in need", "count", 0, True, None),
    ("cp-rate", "Child protection plans per 10,000", "rate_per_10k", 1, True, "2015-04-01"),
    ("staff-ratio", "Agency to permanent staff ratio", "ratio", 2, True, None),
    ("days", "Days to complete an assessment", "days", 0, True, None),
    ("old-count", "Contacts (old definition)", "count", 0, False, None),
)
# A value stored before every case: cin for January 2015, a draft.
EXISTING = ("cin", "2015-01-01", Decimal("300"))
HEADER = "measure,month,value,numerator,denominator,note\n"


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    file_name: str = "values.csv"
    says: tuple[str, ...] = ()
    writes: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    settings: dict[str, int] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return bool(self.says)


def csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def xlsx(sheets: dict[str, list[list[object]]], formats: dict[str, str] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for coordinate, number_format in (formats or {}).items():
            sheet[coordinate].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb(expanded: int) -> bytes:
    """Return a small .xlsx-looking zip one of whose members expands to ``expanded`` bytes."""
    good = xlsx({"Values": [["measure", "month", "value"], ["cin", "Apr-16", 1]]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in source.infolist():
            bomb.writestr(member, source.read(member))
        bomb.writestr("xl/media/padding.bin", b"\0" * expanded)
    return out.getvalue()


def d(text: str) -> Decimal:
    return Decimal(text)


def one_bad(cell: str, says: tuple[str, ...], measure: str = "cin", month: str = "Apr-16") -> bytes:
    """A good row, then the bad one on row 3."""
    return csv(f"{HEADER}rereferrals,Apr-16,19.3,193,1000,\n{measure},{month},{cell},,,\n")


def bad_cell(
    name: str, measure: str, cell: str, *fragments: str, month: str = "Apr-16", column="value"
) -> Case:
    row_3 = f"Row 3, column “{column}”"
    return Case(name, one_bad(cell, (), measure, month), says=(row_3, *fragments))


def _many(count: int) -> str:
    lines = [HEADER.strip()]
    for i in range(count):
        year, month = divmod(2000 * 12 + i, 12)
        lines.append(f"cin,{year}-{month + 1:02d},{i},,,")
    return "\n".join(lines) + "\n"


def cases() -> list[Case]:
    wide = ",".join(f"extra {i}" for i in range(45))
    long_note = "x" * 5000
    megabyte = "y" * 1_048_576
    refused_files = [
        Case("an empty file", b"", says=("The file is empty",)),
        Case("only separators and blank lines", b"\r\n,,,\r\n;;\r\n", says=("The file is empty",)),
        Case("a PDF renamed .csv", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj", says=("is a PDF",)),
        Case(
            "an old .xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "values.xls",
            says=("old Excel (.xls)",),
        ),
        Case("binary noise", bytes(range(256)) * 8, says=("not a CSV or Excel workbook",)),
        Case("a zip that is not a workbook", _plain_zip(), "values.xlsx", says=("not an Excel workbook",)),
        Case(
            "no value column", csv("measure,month,amount\ncin,Apr-16,5\n"), says=("Row 1", "no value column")
        ),
        Case(
            "no measure or month column",
            csv("what,when,value\ncin,Apr-16,5\n"),
            says=("no measure, month column",),
        ),
        Case("headers but no rows", csv(HEADER), says=("column names but no values",)),
        Case(
            "a workbook that expands past the limit",
            zip_bomb(3 * 1_048_576),
            "bomb.xlsx",
            says=("expands to 3.", "the most that can be imported is 2.0 MB"),
            settings={"IMPORT_MAX_EXPANDED_BYTES": 2 * 1_048_576},
        ),
        Case(
            "a workbook with too many sheets",
            xlsx({f"S{i}": [] for i in range(6)}),
            "sheets.xlsx",
            says=("has 6 sheets", "the most that can be imported is 5"),
            settings={"IMPORT_MAX_SHEETS": 5},
        ),
        Case(
            "values on two sheets",
            xlsx(
                {
                    "April": [["measure", "month", "value"], ["cin", "Apr-16", 5]],
                    "May": [["measure", "month", "value"], ["cin", "May-16", 6]],
                }
            ),
            "two.xlsx",
            says=("values on 2 sheets", "“April”, “May”", "none were imported"),
        ),
        Case(
            "a formula in a workbook",
            xlsx({"Values": [["measure", "month", "value"], ["cin", "Apr-16", "=1+1"]]}),
            "formula.xlsx",
            says=("formula in cell C2", "paste it as values"),
        ),
        Case(
            "more rows than the limit (CSV)",
            csv(_many(60)),
            says=("more than 50 rows",),
            settings={"IMPORT_MAX_ROWS": 50},
        ),
        Case(
            "more rows than the limit (workbook)",
            xlsx({"Values": [["measure", "month", "value"]] + [["cin", "Apr-16", i] for i in range(60)]}),
            "rows.xlsx",
            says=("A sheet of the workbook has more than 50 rows",),
            settings={"IMPORT_MAX_ROWS": 50},
        ),
        Case(
            "more columns than the limit (CSV)",
            csv(f"measure,month,value,{wide}\n"),
            says=("Row 1 has 48 columns",),
        ),
        Case(
            "more columns than the limit (workbook)",
            xlsx({"Values": [["measure", "month", "value", *wide.split(",")]]}),
            "wide.xlsx",
            says=("has a cell in column AV", "the most columns a file of values can have is 40"),
        ),
        Case(
            "a 5,000-character note (CSV)",
            csv(f"{HEADER}cin,Apr-16,5,,,{long_note}\n"),
            says=("Row 2, column F", "5,000 characters", "the most a cell can hold is 4,000"),
        ),
        Case(
            "a 1 MB cell (CSV)",
            csv(f"{HEADER}cin,Apr-16,5,,,{megabyte}\n"),
            says=("Row 2", "more than 4,000 characters"),
        ),
        Case(
            "a 1 MB cell (workbook)",
            xlsx({"Values": [["measure", "month", "value", "note"], ["cin", "Apr-16", 5, megabyte]]}),
            "big-cell.xlsx",
            says=("A cell of the workbook holds more than 4,000 characters",),
        ),
        Case(
            "a file over the size limit",
            csv(HEADER + "cin,Apr-16,5,,,padding\n" * 200),
            says=("the largest that can be imported is",),
            settings={"IMPORT_MAX_BYTES": 2000},
        ),
        Case(
            "UTF-16 that is cut short",
            codecs.BOM_UTF16_LE + "measure\tmonth".encode("utf-16-le") + b"\x00\xd8",
            says=("UTF-16",),
        ),
    ]
    bad_rows = [
        bad_cell("a currency sign", "cin", "£1458", "cin (Children in need), April 2016", "currency sign"),
        bad_cell("a euro sign", "cin", "1458 €", "currency sign"),
        bad_cell("spaces inside a number", "cin", "1 4 5 8", "“1 4 5 8” has a space inside it"),
        bad_cell("a thin space as thousands separator", "cin", "1\u2009458", "has a space inside it"),
        bad_cell("a % on a ratio", "staff-ratio", "15.7%", "has a % sign", "not a percentage"),
        bad_cell("a % on a count", "cin", "45%", "has a % sign"),
        bad_cell("a fraction of a count", "cin", "1458.5", "a count is a whole number (got 1458.5)"),
        bad_cell("Indian digit grouping", "cin", '"12,34,567"', "separators in the wrong places"),
        bad_cell("two decimal points", "staff-ratio", "1.2.3", "separators in the wrong places"),
        bad_cell("text for a number", "cin", "n/a", "“n/a” is not a number"),
        bad_cell("NaN", "cin", "NaN", "“NaN” is not a number"),
        bad_cell("Infinity", "cin", "Infinity", "is not a number"),
        bad_cell("an accountant's negative", "cin", "(12)", "“(12)” is not a number"),
        bad_cell("a formula typed in a CSV", "cin", "=1+1", "“=1+1” is not a number"),
        bad_cell("a double minus", "cin", "--5", "is not a number"),
        bad_cell("a trailing minus", "cin", "5-", "is not a number"),
        bad_cell("five decimal places", "staff-ratio", "1.23456", "more than 4 decimal places"),
        bad_cell("a number too large to store", "cin", "123456789012345", "too large"),
        bad_cell("an exponent too large to store", "cin", "1e400", "too large"),
        bad_cell(
            "an unknown measure", "nobody", "5", "no measure has the code or name “nobody”", column="measure"
        ),
        bad_cell(
            "an inactive measure", "old-count", "5", "Contacts (old definition)", "inactive", column="measure"
        ),
        bad_cell(
            "a month that is no month", "cin", "5", "“Smarch” is not a month", month="Smarch", column="month"
        ),
        bad_cell("month 13", "cin", "5", "“2016-13” is not a month", month="2016-13", column="month"),
        bad_cell(
            "a future month",
            "cin",
            "5",
            "January 2099 has not happened yet",
            month="Jan-2099",
            column="month",
        ),
        bad_cell(
            "a month before the measure began",
            "cp-rate",
            "40",
            "first collected in April 2015",
            month="Jan-15",
            column="month",
        ),
        bad_cell("a negative count", "cin", "-3", "cannot be negative (got -3)"),
        bad_cell("a negative ratio", "staff-ratio", "-0.5", "a ratio cannot be negative"),
        bad_cell("a negative number of days", "days", "-2", "cannot be negative"),
        bad_cell("a percentage over 100", "rereferrals", "101", "between 0 and 100 (got 101)"),
        bad_cell("an empty value", "cin", "", "a value is required"),
        bad_cell(
            "a month that already has a value",
            "cin",
            "5",
            "already a value for January 2015",
            month="Jan-15",
            column="month",
        ),
        Case(
            "the same measure and month twice",
            csv(f"{HEADER}cin,Apr-16,5,,,\ncin,2016-04,6,,,\n"),
            says=("Row 3, column “month”", "earlier in this batch a value for April 2016"),
        ),
        Case(
            "an empty measure",
            csv(f"{HEADER}rereferrals,Apr-16,19.3,193,1000,\n,Apr-16,5,,,\n"),
            says=("Row 3, column “measure”", "a measure (its code or name) is required"),
        ),
        Case(
            "an empty month",
            csv(f"{HEADER}rereferrals,Apr-16,19.3,193,1000,\ncin,,5,,,\n"),
            says=("Row 3, column “month”", "a month is required"),
        ),
        Case(
            "a numerator above its denominator",
            csv(f"{HEADER}rereferrals,May-16,110,11,10,\n"),
            says=("Row 2, column “numerator”", "the numerator (11) is above the denominator (10)"),
        ),
        Case(
            "a numerator without a denominator",
            csv(f"{HEADER}rereferrals,May-16,19.3,193,,\n"),
            says=("Row 2, column “denominator”", "give both the numerator and the denominator"),
        ),
        Case(
            "a value that disagrees with its parts",
            csv(f"{HEADER}rereferrals,May-16,25,193,1000,\n"),
            says=("Row 2, column “value”", "25 disagrees with 193 / 1000, which gives 19.3"),
        ),
        Case(
            "a zero denominator",
            csv(f"{HEADER}rereferrals,May-16,0,0,0,\n"),
            says=("Row 2, column “denominator”", "the denominator must be above zero"),
        ),
        Case(
            "a % on a numerator",
            csv(f"{HEADER}rereferrals,May-16,19.3,19.3%,1000,\n"),
            says=("Row 2, column “numerator”", "has a % sign"),
        ),
        Case(
            "a thousands-or-decimal 1.234 in a semicolon file",
            csv("measure;month;value\ncin;Apr-16;1.234\n"),
            says=("Row 2, column “value”", "could be 1234 or 1.234"),
        ),
        Case(
            "a percent-formatted cell on a count",
            xlsx({"Values": [["measure", "month", "value"], ["cin", "Apr-16", 0.45]]}, {"C2": "0%"}),
            "percent.xlsx",
            says=("Row 2, column “value”", "“45%” has a % sign"),
        ),
        Case(
            "one bad row among fifty good ones",
            csv(_many(49) + "cin,Jan-99,-1,,,\n"),
            says=("Row 51, column “value”", "cannot be negative"),
        ),
    ]
    good = [
        Case(
            "a plain CSV",
            csv(f"{HEADER}rereferrals,Apr-16,19.3,193,1000,\ncin,2016-04,1234,,,\n"),
            writes={("rereferrals", "2016-04"): d("19.3"), ("cin", "2016-04"): d("1234")},
        ),
        Case(
            "a CSV with a BOM",
            b"\xef\xbb\xbf" + csv("measure,month,value\ncin,Apr-16,12\n"),
            writes={("cin", "2016-04"): d("12")},
        ),
        Case(
            "Windows-1252 with a note in it",
            csv("Measure,Month,Value,Notes\ncin,Apr-16,12,caf\u00e9 \u2013 checked\n", "cp1252"),
            writes={("cin", "2016-04"): d("12")},
        ),
        Case(
            "a semicolon file with decimal commas",
            csv(
                "measure;month;value;numerator;denominator\n"
                "rereferrals;Apr-16;15,7;157;1000\n"
                "cp-rate;Apr-16;1.234,5;;\n"
            ),
            writes={("rereferrals", "2016-04"): d("15.7"), ("cp-rate", "2016-04"): d("1234.5")},
        ),
        Case(
            "a semicolon file: 1,234 is one point two three four",
            csv("measure;month;value\nstaff-ratio;Apr-16;1,234\n"),
            writes={("staff-ratio", "2016-04"): d("1.234")},
        ),
        Case(
            "a decimal comma that cannot be thousands",
            csv('measure,month,value\nrereferrals,Apr-16,"14,58"\n'),
            writes={("rereferrals", "2016-04"): d("14.58")},
        ),
        Case(
            "thousands separators where they belong",
            csv(
                'measure,month,value\ncin,Apr-16,"1,234"\ncp-rate,Apr-16,"1,234.5"\ncin,May-16,"1,234,567"\n'
            ),
            writes={
                ("cin", "2016-04"): d("1234"),
                ("cp-rate", "2016-04"): d("1234.5"),
                ("cin", "2016-05"): d("1234567"),
            },
        ),
        Case(
            "tab-separated with empty optional cells",
            csv(
                "measure\tmonth\tvalue\tnumerator\tdenominator\tnote\n"
                "cin\tApr-16\t12\t\t\t\n"
                "rereferrals\tApr-16\t19.3\t193\t1000\t\n"
            ),
            writes={("cin", "2016-04"): d("12"), ("rereferrals", "2016-04"): d("19.3")},
        ),
        Case(
            "Excel's Unicode text (UTF-16 with a BOM, tabs)",
            codecs.BOM_UTF16_LE + csv("measure\tmonth\tvalue\tnote\ncin\tApr-16\t12\t\n", "utf-16-le"),
            "values.txt",
            writes={("cin", "2016-04"): d("12")},
        ),
        Case(
            "UTF-16 without a BOM",
            csv("measure,month,value\ncin,Apr-16,12\n", "utf-16-le"),
            writes={("cin", "2016-04"): d("12")},
        ),
        Case(
            "a workbook with date cells and a percent cell",
            xlsx(
                {
                    "Values": [
                        ["measure", "month", "value"],
                        ["rereferrals", _date(2016, 4), 0.193],
                        ["cin", _date(2016, 5), 17],
                    ]
                },
                {"C2": "0.0%"},
            ),
            "values.xlsx",
            writes={("rereferrals", "2016-04"): d("19.3"), ("cin", "2016-05"): d("17")},
        ),
        Case(
            "a workbook with an empty second sheet",
            xlsx({"Values": [["measure", "month", "value"], ["cin", "Apr-16", 12]], "Notes": []}),
            "values.xlsx",
            writes={("cin", "2016-04"): d("12")},
        ),
        Case(
            "headers by other names, in another order, with extra columns",
            csv(
                "Notes,Value (%),Period,Indicator,Owner\n"
                "checked,19.3,April 2016,Re-referrals within 12 months,Jo\n"
            ),
            writes={("rereferrals", "2016-04"): d("19.3")},
        ),
        Case(
            "a % on a percentage",
            csv("measure,month,value\nrereferrals,Apr-16,45%\n"),
            writes={("rereferrals", "2016-04"): d("45")},
        ),
        Case(
            "months as officers write them",
            csv(
                "measure,month,value\n"
                "cin,Apr-16,1\n"
                "cin,May 2016,2\n"
                "cin,June 2016,3\n"
                "cin,2016-07,4\n"
                "cin,01/08/2016,5\n"
                "cin,2016-09-01,6\n"
            ),
            writes={("cin", f"2016-{m:02d}"): d(str(m - 3)) for m in range(4, 10)},
        ),
        Case(
            "blank rows and trailing separators",
            csv("measure,month,value\n\ncin,Apr-16,12\n,,\n\ncin,May-16,13\n,,\n"),
            writes={("cin", "2016-04"): d("12"), ("cin", "2016-05"): d("13")},
        ),
        Case(
            "spaces and no-break spaces around numbers",
            csv("measure,month,value\ncin,Apr-16, 12 \ncin,May-16,\u00a013\u00a0\n"),
            writes={("cin", "2016-04"): d("12"), ("cin", "2016-05"): d("13")},
        ),
        Case(
            "a leading plus", csv("measure,month,value\ncin,Apr-16,+5\n"), writes={("cin", "2016-04"): d("5")}
        ),
        Case(
            "a note that looks like a formula",
            csv('measure,month,value,note\ncin,Apr-16,5,=HYPERLINK("x")\n'),
            writes={("cin", "2016-04"): d("5")},
        ),
        Case(
            "four decimal places, and trailing zeros past them",
            csv("measure,month,value\nstaff-ratio,Apr-16,0.1234\nstaff-ratio,May-16,1.50000\n"),
            writes={("staff-ratio", "2016-04"): d("0.1234"), ("staff-ratio", "2016-05"): d("1.5")},
        ),
        Case(
            "a numerator and denominator with the value",
            csv(
                "measure,month,value,numerator,denominator\n"
                "rereferrals,Apr-16,19.3,193,1000\n"
                "cp-rate,Apr-16,48.5,485,100000\n"
            ),
            writes={("rereferrals", "2016-04"): d("19.3"), ("cp-rate", "2016-04"): d("48.5")},
        ),
        Case(
            "every kind of measure",
            csv(
                "measure,month,value\n"
                "cin,Apr-16,4120\n"
                "cp-rate,Apr-16,48.5\n"
                "staff-ratio,Apr-16,0.25\n"
                "days,Apr-16,38\n"
                "rereferrals,Apr-16,0\n"
            ),
            writes={
                ("cin", "2016-04"): d("4120"),
                ("cp-rate", "2016-04"): d("48.5"),
                ("staff-ratio", "2016-04"): d("0.25"),
                ("days", "2016-04"): d("38"),
                ("rereferrals", "2016-04"): d("0"),
            },
        ),
        Case(
            "a workbook's whole numbers and floats",
            xlsx(
                {
                    "Values": [
                        ["measure", "month", "value"],
                        ["cin", "Apr-16", 4120],
                        ["staff-ratio", "Apr-16", 0.25],
                    ]
                }
            ),
            "values.xlsx",
            writes={("cin", "2016-04"): d("4120"), ("staff-ratio", "2016-04"): d("0.25")},
        ),
        Case(
            "a file of fifty rows",
            csv(_many(50)),
            writes={("cin", f"{2000 + i // 12}-{i % 12 + 1:02d}"): d(str(i)) for i in range(50)},
        ),
    ]
    return refused_files + bad_rows + good


def _date(year: int, month: int):
    import datetime as dt

    return dt.date(year, month, 1)  # a date cell, as Excel stores a typed date


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return out.getvalue()


def main(directory: str) -> None:
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    for number, case in enumerate(cases(), 1):
        suffix = Path(case.file_name).suffix
        (target / f"{number:02d}-{case.name.replace(' ', '-').replace('/', '-')[:60]}{suffix}").write_bytes(
            case.data
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "import-corpus")
