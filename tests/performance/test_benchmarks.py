"""Benchmarks from DfE's EES files: each real file loads; suppressed cells stay missing; rank, quartile."""

from __future__ import annotations

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
