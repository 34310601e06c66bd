"""Benchmarks from DfE's EES files: each real file loads; suppressed cells stay missing; rank, quartile."""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from performance.benchmarks.services import BenchmarkFileError, load_ees, rank_and_quartile
from performance.models import BenchmarkValue, Comparator, Polarity, Unit
from tests.factories import BenchmarkValueFactory, MeasureFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = [Path(os.environ.get("DFE_DATA_DIR", "/nonexistent")), ROOT.parent / "shared/data/dfe"]
CANDIDATES.append(ROOT.parent.parent / "shared/data/dfe")
DFE = next((p for p in CANDIDATES if p.is_dir()), None)
needs_dfe = pytest.mark.skipif(DFE is None, reason="DfE files not found (set DFE_DATA_DIR)")

REAL_FILES = [
    ("b1_children_in_need_2013_to_2025.csv", "At31_episodes", {}),
    ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", "rereferral_percent", {}),
    ("d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent_percent", {}),
    (
        "cla_number_and_rate_per_10k_children.csv",
        "rate_per_10000",
        {"population_type": "Children looked after on 31 March each year"},
    ),
    ("csww_headline_measures_2017_to_2022.csv", "vacancy_rate_fte_%", {}),
]


def figure(measure, comparator, year, code=None):
    rows = BenchmarkValue.objects.filter(measure=measure, comparator=comparator, year=year)
    return (rows.filter(area_code=code) if code else rows).get()


@needs_dfe
@pytest.mark.parametrize(
    ("name", "column", "where"), REAL_FILES, ids=[f[0].split("_")[0] for f in REAL_FILES]
)
def test_each_real_dfe_file_loads(name, column, where):
    measure = MeasureFactory(polarity=Polarity.LOWER_IS_BETTER)
    result = load_ees((DFE / name).read_bytes(), measure=measure, column=column, where=where)
    assert result.created > 100
    council = BenchmarkValue.objects.filter(measure=measure, comparator=Comparator.COUNCIL)
    assert council.exists()
    assert BenchmarkValue.objects.filter(measure=measure, comparator=Comparator.ENGLAND).exists()
    assert BenchmarkValue.objects.filter(measure=measure, comparator=Comparator.REGION).exists()
    assert BenchmarkValue.objects.filter(
        measure=measure, comparator=Comparator.STATISTICAL_NEIGHBOURS
    ).exists()
    assert BenchmarkValue.objects.filter(measure=measure, comparator=Comparator.LOCAL_AUTHORITY).count() > 100
    again = load_ees((DFE / name).read_bytes(), measure=measure, column=column, where=where)
    assert again.created == 0
    assert again.updated == result.created


@needs_dfe
def test_birmingham_and_england_re_referrals_2016_arrive_exactly():
    measure = MeasureFactory(code="rereferrals", unit=Unit.PERCENTAGE, polarity=Polarity.LOWER_IS_BETTER)
    call_command(
        "import_benchmarks",
        str(DFE / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"),
        measure="rereferrals",
        column="rereferral_percent",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    assert figure(measure, Comparator.COUNCIL, 2016).value == Decimal("19.3")
    assert figure(measure, Comparator.LOCAL_AUTHORITY, 2016, "E08000025").value == Decimal("19.3")
    assert figure(measure, Comparator.ENGLAND, 2016).value == Decimal("22.5")
    assert figure(measure, Comparator.REGION, 2016).area_name == "West Midlands"
    standing = rank_and_quartile(measure, 2016)
    assert standing is not None
    assert standing.of > 140
    assert 1 <= standing.quartile <= 4


LA = "2016,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,"
EES = "".join(
    [
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,",
        "old_la_code,new_la_code,la_name,pct\n",
        "2016,Reporting year,National,E92000001,England,,,,,,22.5\n",
        "2016,Reporting year,Regional,E92000001,England,E12000005,West Midlands,,,,21\n",
        "2016,Reporting year,Regional,E92000001,England,E12000001,North East,,,,30\n",
        LA + "330,E08000025,Birmingham,19.3\n",
        LA + "333,E08000028,Sandwell,c\n",
        LA + "335,E08000030,Walsall,x\n",
        LA + "336,E08000031,Wolverhampton,z\n",
        LA + "331,E08000026,Coventry,:\n",
        LA + "352,E08000003,Manchester,25\n",
        LA + "380,E08000032,Bradford,27\n",
        LA + "999,E09999999,Nowhere,\n",
    ]
)


def test_suppressed_cells_are_kept_as_missing_not_zero():
    measure = MeasureFactory()
    result = load_ees(EES, measure=measure, column="pct")
    assert result.suppressed == 4
    for code, marker in [("E08000028", "c"), ("E08000030", "x"), ("E08000031", "z"), ("E08000026", ":")]:
        row = figure(measure, Comparator.LOCAL_AUTHORITY, 2016, code)
        assert (row.value, row.suppressed) == (None, marker)
    assert not BenchmarkValue.objects.filter(area_code="E09999999").exists()  # blank: nothing published
    assert not BenchmarkValue.objects.filter(area_code="E12000001").exists()  # not our region
    neighbours = figure(measure, Comparator.STATISTICAL_NEIGHBOURS, 2016)
    assert neighbours.value == Decimal("26")  # Manchester and Bradford; suppressed ones left out


def test_it_refuses_a_file_without_the_column():
    with pytest.raises(BenchmarkFileError, match="no nope column"):
        load_ees(EES, measure=MeasureFactory(), column="nope")


def test_the_command_refuses_an_unknown_measure(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(EES)
    with pytest.raises(CommandError, match="No measure has the code"):
        call_command("import_benchmarks", str(path), measure="nope", column="pct")


@pytest.mark.parametrize(
    ("polarity", "rank", "quartile"), [(Polarity.LOWER_IS_BETTER, 1, 1), (Polarity.HIGHER_IS_BETTER, 8, 4)]
)
def test_rank_and_quartile_follow_polarity(polarity, rank, quartile):
    measure = MeasureFactory(polarity=polarity)
    for i in range(8):
        BenchmarkValueFactory(
            measure=measure,
            comparator=Comparator.LOCAL_AUTHORITY,
            area_code="E08000025" if i == 0 else f"E0900000{i}",
            value=Decimal(10 + i),
        )
    standing = rank_and_quartile(measure, 2016)
    assert (standing.rank, standing.of, standing.quartile) == (rank, 8, quartile)


def test_ties_share_the_better_rank_and_context_measures_have_none():
    measure = MeasureFactory(polarity=Polarity.HIGHER_IS_BETTER)
    for code in ["E08000025", "E09000001", "E09000002"]:
        BenchmarkValueFactory(measure=measure, comparator=Comparator.LOCAL_AUTHORITY, area_code=code, value=5)
    assert rank_and_quartile(measure, 2016).rank == 1
    assert rank_and_quartile(MeasureFactory(polarity=Polarity.CONTEXT), 2016) is None
    assert rank_and_quartile(measure, 2015) is None


def test_the_measure_page_shows_rank_and_quartile(client):
    measure = MeasureFactory(code="rr", polarity=Polarity.LOWER_IS_BETTER, unit=Unit.PERCENTAGE)
    BenchmarkValueFactory(measure=measure, comparator=Comparator.ENGLAND, value=Decimal("22.5"))
    for i, code in enumerate(["E08000025", "E09000001", "E09000002", "E09000003"]):
        BenchmarkValueFactory(
            measure=measure, comparator=Comparator.LOCAL_AUTHORITY, area_code=code, value=Decimal(20 + i)
        )
    response = client.get(f"/measures/{measure.code}/")
    page = response.content.decode()
    assert "Rank among local authorities (1 = best)" in page
    assert "1 of 4 (quartile 1: best quarter)" in page


# --- Awkward and bad files: each refused with its row and column, or read exactly ----------------

HEAD = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,category,pct\n"
)


def ees(*rows: str, head: str = HEAD) -> str:
    return head + "".join(row + "\n" for row in rows)


def la(code: str, name: str, value: str, year: str = "2016", category: str = "All") -> str:
    where = "Local authority,E92000001,England,E12000005,West Midlands,"
    return f"{year},Reporting year,{where},{code},{name},{category},{value}"


def england(value: str, year: str = "2016", category: str = "All") -> str:
    return f"{year},Reporting year,National,E92000001,England,,,,,,{category},{value}"


BASIC = [england("22.5"), la("E08000025", "Birmingham", "19.3"), la("E08000003", "Manchester", "25")]


def run_import(tmp_path, content: str | bytes, *where: str, name: str = "f.csv", measure: str = "rr"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = io.StringIO()
    call_command("import_benchmarks", str(path), measure=measure, column="pct", where=list(where), stdout=out)
    return out.getvalue()


@pytest.fixture
def rr():
    return MeasureFactory(code="rr", polarity=Polarity.LOWER_IS_BETTER, unit=Unit.PERCENTAGE)


def test_a_file_holding_two_series_is_refused_naming_the_column_that_tells_them_apart(tmp_path, rr):
    mixed = ees(
        *BASIC, la("E08000025", "Birmingham", "31", category="Other"), england("30", category="Other")
    )
    with pytest.raises(CommandError) as refused:
        run_import(tmp_path, mixed)
    message = str(refused.value)
    assert "more than one series" in message
    assert "category (“All”, “Other”)" in message
    assert "England, 2016: rows 2, 6" in message
    assert "--where category=VALUE" in message
    assert not BenchmarkValue.objects.exists()
    run_import(tmp_path, mixed, "category=Other")
    assert figure(rr, Comparator.COUNCIL, 2016).value == Decimal("31")


@needs_dfe
def test_the_real_looked_after_file_without_where_is_refused_naming_population_type(rr, tmp_path):
    with pytest.raises(BenchmarkFileError, match=r"They differ in population_type \(“Children ceasing"):
        load_ees(
            (DFE / "cla_number_and_rate_per_10k_children.csv").read_bytes(),
            measure=rr,
            column="rate_per_10000",
        )
    assert not BenchmarkValue.objects.exists()


def test_a_where_that_matches_nothing_is_an_error_listing_the_values(tmp_path, rr):
    with pytest.raises(
        CommandError, match=r"No row has category=Everything: the file's category values are “All”"
    ):
        run_import(tmp_path, ees(*BASIC), "category=Everything")
    with pytest.raises(CommandError, match="The file has no column “kind”"):
        run_import(tmp_path, ees(*BASIC), "kind=All")
    assert not BenchmarkValue.objects.exists()


@pytest.mark.parametrize("bad", ["category", "=All", ""])
def test_a_where_without_a_name_and_equals_sign_is_a_clear_error(tmp_path, rr, bad):
    with pytest.raises(CommandError, match="needs the form name=value"):
        run_import(tmp_path, ees(*BASIC), bad)


def test_a_revised_file_replaces_the_old_series_blanks_and_missing_areas_included(tmp_path, rr):
    first = [*BASIC, la("E08000032", "Bradford", "27"), la("E09000001", "City", "30")]
    run_import(tmp_path, ees(*first))
    assert rank_and_quartile(rr, 2016).of == 4
    revised = [england("22.4"), la("E08000025", "Birmingham", "19.1"), la("E08000003", "Manchester", "")]
    output = run_import(tmp_path, ees(*revised))
    assert "4 removed" in output  # Manchester blank, Bradford and City gone, and the neighbours' average
    assert figure(rr, Comparator.COUNCIL, 2016).value == Decimal("19.1")
    assert figure(rr, Comparator.ENGLAND, 2016).value == Decimal("22.4")
    las = BenchmarkValue.objects.filter(measure=rr, comparator=Comparator.LOCAL_AUTHORITY)
    assert list(las.values_list("area_code", flat=True)) == ["E08000025"]
    assert rank_and_quartile(rr, 2016).of == 1
    assert not BenchmarkValue.objects.filter(
        measure=rr, comparator=Comparator.STATISTICAL_NEIGHBOURS
    ).exists()


def test_a_revised_file_leaves_other_years_and_other_measures_alone(tmp_path, rr):
    other = MeasureFactory(code="other")
    run_import(tmp_path, ees(*BASIC, la("E08000025", "Birmingham", "20", year="2015")))
    run_import(tmp_path, ees(*BASIC), measure="other")
    run_import(tmp_path, ees(la("E08000025", "Birmingham", "18")))
    assert figure(rr, Comparator.COUNCIL, 2015).value == Decimal("20")
    assert figure(other, Comparator.ENGLAND, 2016).value == Decimal("22.5")


@pytest.mark.parametrize("text", ["28%", "n/a", "N/A", "1.2.3", "£5", "1 4", "12,34", "-", "NaN", "1e3"])
def test_an_unreadable_number_is_an_error_naming_row_and_column(tmp_path, rr, text):
    rows = [*BASIC, la("E08000032", "Bradford", f'"{text}"')]
    with pytest.raises(CommandError) as refused:
        run_import(tmp_path, ees(*rows))
    assert f"Row 5, column “pct”: “{text}” is not a number" in str(refused.value)
    assert not BenchmarkValue.objects.exists()


def test_every_unreadable_cell_is_listed_at_once(tmp_path, rr):
    rows = [*BASIC, la("E08000032", "Bradford", "28%"), la("E09000001", "City", "n/a")]
    with pytest.raises(CommandError, match=r"2 cell\(s\) cannot be read; nothing was saved") as refused:
        run_import(tmp_path, ees(*rows))
    assert "Row 5" in str(refused.value)
    assert "Row 6" in str(refused.value)


@pytest.mark.parametrize(
    ("code", "kept"), [("c", "c"), ("x", "x"), ("z", "z"), (":", ":"), ("low", "lo"), ("u", "u")]
)
def test_dfe_suppression_codes_stay_suppressed(tmp_path, rr, code, kept):
    run_import(tmp_path, ees(*BASIC, la("E08000032", "Bradford", code)))
    row = figure(rr, Comparator.LOCAL_AUTHORITY, 2016, "E08000032")
    assert (row.value, row.suppressed) == (None, kept)


def test_a_blank_cell_stays_missing(tmp_path, rr):
    run_import(tmp_path, ees(*BASIC, la("E08000032", "Bradford", "")))
    assert not BenchmarkValue.objects.filter(area_code="E08000032").exists()


def _stored(measure) -> list[tuple]:
    return sorted(
        BenchmarkValue.objects.filter(measure=measure).values_list(
            "comparator", "area_code", "area_name", "year", "value", "suppressed"
        )
    )


def _xlsx(text: str, sheets: int = 1) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for index in range(sheets):
        sheet = book.active if index == 0 else book.create_sheet(f"Sheet {index + 1}")
        for line in csv.reader(io.StringIO(text)):
            sheet.append([float(c) if c.replace(".", "", 1).isdigit() and "." in c else c for c in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SEVERN = [*BASIC, la("E06000099", "Sévérn Vale", "17.25")]


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("bom.csv", lambda text: text.encode("utf-8-sig")),
        ("windows.csv", lambda text: text.encode("cp1252")),
        ("crlf.csv", lambda text: text.replace("\n", "\r\n").encode("cp1252")),
        ("book.xlsx", _xlsx),
    ],
)
def test_bom_windows_1252_and_xlsx_files_read_as_the_plain_file_does(tmp_path, rr, name, encode):
    plain = MeasureFactory(code="plain")
    run_import(tmp_path, ees(*SEVERN), measure="plain")
    run_import(tmp_path, encode(ees(*SEVERN)), name=name)
    assert [row[1:] for row in _stored(rr)] == [row[1:] for row in _stored(plain)]
    assert figure(rr, Comparator.LOCAL_AUTHORITY, 2016, "E06000099").area_name == "Sévérn Vale"
    assert figure(rr, Comparator.LOCAL_AUTHORITY, 2016, "E06000099").value == Decimal("17.25")


def test_a_workbook_with_data_on_two_sheets_is_refused_naming_them(tmp_path, rr):
    with pytest.raises(CommandError, match="sheets with data: “Sheet”, “Sheet 2”"):
        run_import(tmp_path, _xlsx(ees(*BASIC), sheets=2), name="two.xlsx")


@pytest.mark.parametrize(
    ("period", "year"),
    [("201516", 2016), ("202425", 2025), ("2024-25", 2025), ("2016", 2016), ("199900", 2000)],
)
def test_a_financial_year_is_stored_as_the_year_it_ends(tmp_path, rr, period, year):
    run_import(tmp_path, ees(la("E08000025", "Birmingham", "19.3", year=period)))
    assert figure(rr, Comparator.COUNCIL, year).value == Decimal("19.3")


@pytest.mark.parametrize("period", ["20245", "202426", "2016/17", "FY2016", ""])
def test_a_time_period_that_is_no_year_is_an_error_naming_the_row(tmp_path, rr, period):
    with pytest.raises(CommandError, match="Row 2, column “time_period”"):
        run_import(tmp_path, ees(la("E08000025", "Birmingham", "19.3", year=period)))


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "empty.csv", "no header row"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image.csv", "not CSV text"),
        ("time_period,pct\n2016,1\n".encode("utf-16"), "utf16.csv", "not CSV text"),
        (b"PK\x03\x04 not really a workbook", "fake.xlsx", "not an .xlsx workbook"),
        (b"a,b\n1,2\n", "other.csv", "no geographic_level, pct, time_period column"),
        (
            HEAD.encode() + b"2016,x,Regional,E92000001,England,E12000001,North East,,,,All,3\n",
            "none.csv",
            "no National, Regional, Local authority rows",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_a_message_never_a_traceback(tmp_path, rr, content, name, expected):
    with pytest.raises(CommandError, match=expected):
        run_import(tmp_path, content, name=name)


def test_a_missing_file_is_a_message(tmp_path, rr):
    with pytest.raises(CommandError, match="cannot be read: No such file"):
        call_command("import_benchmarks", str(tmp_path / "nope.csv"), measure="rr", column="pct")


def test_an_import_shows_on_the_cached_measure_page_at_once(tmp_path, rr, client):
    assert "19.3" not in client.get("/measures/rr/").content.decode()
    run_import(tmp_path, ees(*BASIC))
    assert "1 of 2 (quartile 1: best quarter)" in client.get("/measures/rr/").content.decode()
    run_import(tmp_path, ees(england("22.5"), la("E08000025", "Birmingham", "19.3")))
    assert "1 of 1" in client.get("/measures/rr/").content.decode()


def test_the_import_service_returns_a_summary_of_what_it_wrote(tmp_path, rr):
    from performance.benchmarks.services import import_file

    path = tmp_path / "f.csv"
    path.write_text(ees(*BASIC))
    result = import_file(path, measure_code="rr", column="pct")
    # England, Birmingham as council and as an LA, Manchester, and the neighbours' average (Manchester)
    assert (result.created, result.updated, result.removed, result.years) == (5, 0, 0, (2016,))
    assert result.summary.startswith("5 benchmarks added, 0 updated, 0 removed")
