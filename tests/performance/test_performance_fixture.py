"""The performance fixture: DfE's published benchmarks, and illustrative months that agree with them."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command

from performance.models import BenchmarkValue, Measure, MeasureRebase, MeasureValue, Target
from tests.fixture_loading import load_fixtures

pytestmark = pytest.mark.django_db

FIXTURE_DIR = Path(django_settings.BASE_DIR) / "fixtures"
CODES = [
    "referrals-rate", "referrals", "re-referrals", "referrals-nfa", "assessments-45-days", "section-47-rate",
    "icpc-15-days", "cp-plans-rate", "cp-plans-starting-rate", "cp-reviews-in-time", "cp-second-plan",
    "cp-plans-2-years", "cla-rate", "cla-number", "cla-three-placements", "cla-placed-20-miles",
    "care-leavers-accommodation", "care-leavers-eet", "cla-adopted", "cin-rate", "sw-vacancy-rate",
    "sw-agency-rate", "sw-turnover-rate", "sw-caseload",
]  # fmt: skip
ALL_MONTHS = [dt.date(2014 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(48)]  # Apr 2014 - Mar 2018
FINANCIAL_YEARS = {
    year: [p for p in ALL_MONTHS if p.year + (p.month >= 4) == year] for year in range(2015, 2019)
}
# The README's real figures: (measure, year, Birmingham, England)
README_FIGURES = [
    ("re-referrals", 2016, "19.3", "22.5"),
    ("assessments-45-days", 2016, "82.0", "83.4"),
    ("icpc-15-days", 2016, "50.5", "76.7"),
    ("cp-second-plan", 2016, "20.8", "17.9"),
    ("cp-reviews-in-time", 2016, "77.2", "93.6"),
    ("cla-rate", 2016, "64", "60"),
    ("sw-vacancy-rate", 2016, "18.2", "16.7"),
    ("sw-agency-rate", 2016, "23.4", "16.1"),
    ("sw-caseload", 2016, "14.8", "16.1"),
]


@pytest.fixture
def load_performance(settings):
    """Return a loader for fixtures/performance.json (its folder is added to FIXTURE_DIRS if missing)."""
    if FIXTURE_DIR not in [Path(d) for d in settings.FIXTURE_DIRS]:
        settings.FIXTURE_DIRS = [*settings.FIXTURE_DIRS, FIXTURE_DIR]

    def load() -> None:
        call_command("loaddata", "performance", verbosity=0)

    return load


@pytest.fixture
def performance(load_performance) -> None:
    load_fixtures("performance")


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _council(measure: Measure, year: int) -> BenchmarkValue | None:
    return measure.benchmarks.filter(comparator="council", year=year).first()


def test_the_fixture_holds_the_24_measures_in_their_fixed_order(performance):
    measures = list(Measure.objects.all())
    assert [m.code for m in measures] == CODES
    assert [m.order for m in measures] == list(range(1, 25))
    assert all(
        m.active and m.frequency == "monthly" and m.started_on == dt.date(2014, 4, 1) for m in measures
    )
    assert all("Department for Education" in m.source and m.lait_code and m.definition for m in measures)


def test_every_monthly_value_is_illustrative_and_approved(performance):
    values = MeasureValue.objects.all()
    assert values.count() == 24 * 48
    assert all(v.provenance == "illustrative" and v.status == "approved" and v.approved_at for v in values)
    assert all("not the council's figure" in v.note for v in values)
    for measure in Measure.objects.all():
        assert list(measure.values.values_list("period", flat=True)) == ALL_MONTHS


def test_each_financial_years_months_agree_with_the_councils_published_outturn(performance):
    checked = 0
    for measure in Measure.objects.all():
        months = {v.period: v for v in measure.values.all()}
        for year, periods in FINANCIAL_YEARS.items():
            if measure.year_basis == "workforce":
                published = _council(measure, year - 1)  # at 30 September, inside this financial year
                if published is not None and published.value is not None:
                    assert months[dt.date(year - 1, 9, 1)].value == published.value, (measure.code, year)
                    checked += 1
                continue
            published = _council(measure, year)
            if published is None or published.value is None:
                continue
            outturn, in_year = published.value, [months[p] for p in periods]
            if measure.aggregation == "sum":
                total = sum(v.value for v in in_year)
                places = measure.decimal_places
                assert _round(total, places) == _round(outturn, places), (measure.code, year)
            elif measure.aggregation == "ratio":
                assert all(v.numerator is not None and v.denominator for v in in_year), measure.code
                assert all(v.value == _round(100 * v.numerator / v.denominator, 4) for v in in_year)
                ratio = 100 * sum(v.numerator for v in in_year) / sum(v.denominator for v in in_year)
                assert _round(ratio, 1) == _round(outturn, 1), (measure.code, year)
            else:
                assert measure.aggregation == "last"
                assert in_year[-1].value == outturn, (measure.code, year)
            checked += 1
    # Every financial measure has four published years but one (three placements: 2016-2018);
    # the workforce measures are published at September 2015, 2016 and 2017 (caseload from 2016).
    assert checked == 19 * 4 + 3 + 3 * 3 + 2


def test_a_workforce_measure_without_a_published_year_stays_near_its_nearest_one(performance):
    caseload = Measure.objects.get(code="sw-caseload")
    outturn = _council(caseload, 2016).value
    before = caseload.values.filter(period__lt=dt.date(2015, 10, 1))
    assert before.count() == 18
    assert all(abs(v.value - outturn) <= outturn / 10 for v in before)


def test_the_months_show_the_years_changes_so_spc_has_signals_to_find(performance):
    """Assessments in 45 days rose from 71.8% (2014/15) to 91.3% (2017/18): the months follow."""
    months = Measure.objects.get(code="assessments-45-days").values.order_by("period")
    first_year = [v.value for v in months[:12]]
    last_year = [v.value for v in months[36:]]
    assert max(first_year) < min(last_year)


def test_monthly_values_stay_in_range_and_vary_from_month_to_month(performance):
    for measure in Measure.objects.all():
        values = [v.value for v in measure.values.all()]
        assert min(values) >= 0, measure.code
        if measure.unit == "percentage":
            assert max(values) <= 100, measure.code
        steps = {b - a for a, b in itertools.pairwise(values)}
        assert len(set(values)) >= 12, f"{measure.code} looks like a straight line"
        assert len(steps) >= 12, f"{measure.code} looks like a straight line"


@pytest.mark.parametrize(("code", "year", "council", "england"), README_FIGURES)
def test_the_readmes_real_figures_come_out_exactly(performance, code, year, council, england):
    benchmarks = BenchmarkValue.objects.filter(measure__code=code, year=year)
    assert benchmarks.get(comparator="council", area_code="E08000025").value == Decimal(council)
    assert benchmarks.get(comparator="england", area_code="E92000001").value == Decimal(england)


def test_every_benchmark_is_published_and_a_missing_one_says_why(performance):
    assert BenchmarkValue.objects.count() > 24 * 4 * 3
    assert set(BenchmarkValue.objects.values_list("provenance", flat=True)) == {"published"}
    assert not BenchmarkValue.objects.filter(value__isnull=True, suppressed="").exists()
    assert not BenchmarkValue.objects.exclude(source__contains="Department for Education").exists()


def test_the_neighbours_average_is_the_mean_of_the_ten_neighbours(performance):
    # Re-referrals 2016 for Sandwell ... Nottingham in DfE's c1 file: their mean is 21.09.
    neighbours = BenchmarkValue.objects.get(measure__code="re-referrals", year=2016, comparator="neighbours")
    assert (neighbours.area_code, neighbours.area_name) == ("SN", "Statistical neighbours (average)")
    assert neighbours.value == Decimal("21.1")


def test_every_directional_measure_has_one_illustrative_target(performance):
    directional = Measure.objects.exclude(polarity="context")
    assert set(Target.objects.values_list("measure__code", flat=True)) == {m.code for m in directional}
    for target in Target.objects.all():
        assert target.provenance == "illustrative"
        assert "not public" in target.note
        assert target.valid_from == dt.date(2014, 4, 1)
        assert target.valid_to is None
        assert target.tolerance > 0


def test_loading_the_fixture_twice_changes_no_row_counts(load_performance):
    def counts() -> dict[str, int]:
        return {
            m._meta.label: m._default_manager.count() for m in apps.get_app_config("performance").get_models()
        }

    load_performance()
    first = counts()
    load_performance()
    assert counts() == first
    assert first["performance.Measure"] == 24


def test_the_generator_rebuilds_the_fixture_exactly(tmp_path):
    """The fixture is reproducible: the generator, run on DfE's files, writes it byte for byte."""
    base = Path(django_settings.BASE_DIR)
    found = [d / "shared" / "data" / "dfe" for d in (base.parent, base.parent.parent)]
    data_dir = next((d for d in found if (d / "birmingham_lait_csc_2015_2018.csv").exists()), None)
    if data_dir is None:
        pytest.skip(f"DfE's files are not in {found}")
    output = tmp_path / "performance.json"
    script = Path(django_settings.BASE_DIR) / "tools" / "build_performance_fixture.py"
    command = [sys.executable, script, "--data-dir", data_dir, "--output", output]
    subprocess.run(command, check=True, capture_output=True)
    assert output.read_text(encoding="utf-8") == (FIXTURE_DIR / "performance.json").read_text(
        encoding="utf-8"
    )


def test_three_measures_are_rebased_at_the_new_operating_model_each_with_a_reason(report_content):
    rebased = Measure.objects.filter(rebases__event__slug="2015-new-operating-model").order_by("order")
    assert [m.code for m in rebased] == ["assessments-45-days", "icpc-15-days", "cp-reviews-in-time"]
    rebases = MeasureRebase.objects.all()
    assert {r.starts_on for r in rebases} == {dt.date(2015, 9, 1)}
    assert all(r.reason.startswith("The new operating model was launched in September 2015") for r in rebases)
    assert rebases.count() == 3
