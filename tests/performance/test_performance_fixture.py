"""The performance fixture: DfE's published benchmarks, and illustrative months that agree with them."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command

from performance.models import BenchmarkValue, Measure, MeasureValue, Target

pytestmark = pytest.mark.django_db

FIXTURE_DIR = Path(django_settings.BASE_DIR) / "fixtures"
CODES = [
    "referrals-rate", "referrals", "re-referrals", "referrals-nfa", "assessments-45-days", "section-47-rate",
    "icpc-15-days", "cp-plans-rate", "cp-plans-starting-rate", "cp-reviews-in-time", "cp-second-plan",
    "cp-plans-2-years", "cla-rate", "cla-number", "cla-three-placements", "cla-placed-20-miles",
    "care-leavers-accommodation", "care-leavers-eet", "cla-adopted", "cin-rate", "sw-vacancy-rate",
    "sw-agency-rate", "sw-turnover-rate", "sw-caseload",
]  # fmt: skip
FINANCIAL_YEAR = [
    dt.date(2015 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(12)
]  # Apr 2015 - Mar 2016
ALL_MONTHS = [*FINANCIAL_YEAR, dt.date(2016, 4, 1)]
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
    load_performance()


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _council(measure: Measure, year: int) -> BenchmarkValue | None:
    return measure.benchmarks.filter(comparator="council", year=year).first()


def test_the_fixture_holds_the_24_measures_in_their_fixed_order(performance):
    measures = list(Measure.objects.all())
    assert [m.code for m in measures] == CODES
    assert [m.order for m in measures] == list(range(1, 25))
    assert all(
        m.active and m.frequency == "monthly" and m.started_on == dt.date(2015, 4, 1) for m in measures
    )
    assert all("Department for Education" in m.source and m.lait_code and m.definition for m in measures)


def test_every_monthly_value_is_illustrative_and_approved(performance):
    values = MeasureValue.objects.all()
    assert values.count() == 24 * 13
    assert all(v.provenance == "illustrative" and v.status == "approved" and v.approved_at for v in values)
    assert all("not the council's figure" in v.note for v in values)
    for measure in Measure.objects.all():
        assert list(measure.values.values_list("period", flat=True)) == ALL_MONTHS


def test_each_measures_months_agree_with_the_councils_published_outturn(performance):
    for measure in Measure.objects.all():
        months = {v.period: v for v in measure.values.all()}
        if measure.year_basis == "workforce":
            september_2015 = _council(measure, 2015)
            if september_2015 is None:  # DfE published no caseload for 2015: stay near the 2016 figure
                outturn = _council(measure, 2016).value
                assert all(abs(v.value - outturn) <= outturn / 10 for v in months.values()), measure.code
            else:
                assert months[dt.date(2015, 9, 1)].value == september_2015.value, measure.code
            continue
        outturn = _council(measure, 2016).value
        year = [months[p] for p in FINANCIAL_YEAR]
        if measure.aggregation == "sum":
            total = sum(v.value for v in year)
            assert _round(total, measure.decimal_places) == _round(outturn, measure.decimal_places), (
                measure.code
            )
        elif measure.aggregation == "ratio":
            assert all(v.numerator is not None and v.denominator for v in year), measure.code
            assert all(v.value == _round(100 * v.numerator / v.denominator, 4) for v in year), measure.code
            ratio = 100 * sum(v.numerator for v in year) / sum(v.denominator for v in year)
            assert _round(ratio, 1) == _round(outturn, 1), measure.code
        else:
            assert measure.aggregation == "last"
            assert year[-1].value == outturn, measure.code


def test_april_2016_sits_between_the_2016_and_2017_outturns_for_last_value_measures(performance):
    for measure in Measure.objects.filter(aggregation="last", year_basis="financial"):
        low, high = sorted([_council(measure, 2016).value, _council(measure, 2017).value])
        assert low <= measure.values.get(period=dt.date(2016, 4, 1)).value <= high, measure.code


def test_monthly_values_stay_in_range_and_vary_from_month_to_month(performance):
    for measure in Measure.objects.all():
        values = [v.value for v in measure.values.all()]
        assert min(values) >= 0, measure.code
        if measure.unit == "percentage":
            assert max(values) <= 100, measure.code
        steps = {b - a for a, b in itertools.pairwise(values)}
        assert len(set(values)) >= 6 and len(steps) >= 6, f"{measure.code} looks like a straight line"


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
        assert target.provenance == "illustrative" and "not public" in target.note
        assert target.valid_from == dt.date(2015, 4, 1) and target.valid_to is None
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
