"""The figure comparable with the published year, per basis, checked against DfE's outturns."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from performance.judgement.basis import (
    Comparable,
    add_months,
    comparable,
    dfe_published_on,
    dfe_year,
    judged_figure,
    shown,
    year_end_month,
)
from performance.spc import Observation

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "performance.json"
START = dt.date(2015, 4, 1)


def _months(values, numerators=None, denominators=None):
    return [
        Observation(
            add_months(START, i),
            Decimal(v),
            Decimal(numerators[i]) if numerators else None,
            Decimal(denominators[i]) if denominators else None,
        )
        for i, v in enumerate(values)
    ]


def test_a_count_is_the_sum_of_the_12_months_to_the_month():
    months = _months([str(i) for i in range(1, 14)])
    found = comparable("count", months, add_months(START, 12))
    assert found == Comparable(Decimal(sum(range(2, 14))), add_months(START, 12), rolling=True)
    assert found.label == "12 months to April 2016"


def test_a_rolling_figure_with_a_month_missing_is_not_known():
    months = _months(["1"] * 12)
    assert comparable("count", months[:-1] + months[-1:], add_months(START, 11)) is not None
    assert comparable("count", months[:5] + months[6:], add_months(START, 11)) is None
    assert comparable("count", months, add_months(START, 10)) is None


def test_a_percentage_pools_the_numerators_and_denominators():
    months = _months(["50"] * 11 + ["10"], ["5"] * 11 + ["10"], ["10"] * 11 + ["100"])
    found = comparable("percentage", months, add_months(START, 11))
    assert found.value == Decimal(100) * 65 / 210


def test_a_rate_weights_each_month_by_its_years_population():
    months = _months(["1"] * 24)
    population = {2016: Decimal(1000), 2017: Decimal(2000)}
    at_march = comparable("rate", months, dt.date(2016, 3, 1), population=population)
    assert at_march.value == 12
    at_september = comparable("rate", months, dt.date(2016, 9, 1), population=population)
    assert at_september.value == (6 * 1000 + 6 * 2000) / Decimal(2000)
    assert comparable("rate", months, dt.date(2016, 9, 1), population={2016: Decimal(1)}) is None


def test_a_position_or_an_average_is_the_month_itself():
    months = _months(["7", "9"])
    for basis in ("position", "average"):
        assert comparable(basis, months, add_months(START, 1)) == Comparable(
            Decimal(9), START.replace(month=5), False
        )


def test_a_yearly_target_judges_the_rolling_figure_and_a_monthly_one_the_month():
    year = Comparable(Decimal("52.3"), START, rolling=True)
    assert judged_figure("year", Decimal("4.4"), year) == Decimal("52.3")
    assert judged_figure("month", Decimal("4.4"), year) == Decimal("4.4")
    assert judged_figure("year", Decimal("4.4"), None) is None


def test_the_rounding_rule_rounds_half_up():
    assert shown(Decimal("79.95"), 1) == Decimal("80.0")
    assert shown(Decimal("79.949"), 1) == Decimal("79.9")
    assert shown(Decimal("0.5"), 0) == 1


def test_dfe_years_and_their_publication():
    assert dfe_year(dt.date(2015, 4, 1), "financial") == 2016
    assert dfe_year(dt.date(2016, 3, 1), "financial") == 2016
    assert dfe_year(dt.date(2016, 9, 1), "workforce") == 2016
    assert dfe_year(dt.date(2016, 10, 1), "workforce") == 2017
    assert year_end_month(2016, "financial") == dt.date(2016, 3, 1)
    assert dfe_published_on(2016, "financial") == dt.date(2016, 11, 30)
    assert dfe_published_on(2015, "workforce") == dt.date(2016, 2, 29)


@pytest.fixture(scope="module")
def fixture_data():
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    measures = {o["fields"]["code"]: o["fields"] for o in objects if o["model"] == "performance.measure"}
    months = defaultdict(list)
    for o in objects:
        if o["model"] == "performance.measurevalue":
            f = o["fields"]
            months[f["measure"][0]].append(
                Observation(
                    dt.date.fromisoformat(f["period"]),
                    Decimal(f["value"]),
                    Decimal(f["numerator"]) if f["numerator"] else None,
                    Decimal(f["denominator"]) if f["denominator"] else None,
                )
            )
    published = {
        (o["fields"]["measure"][0], o["fields"]["year"]): o["fields"]["value"]
        for o in objects
        if o["model"] == "performance.benchmarkvalue" and o["fields"]["comparator"] == "council"
    }
    population = {
        o["fields"]["year"]: Decimal(o["fields"]["children"])
        for o in objects
        if o["model"] == "performance.childpopulation" and o["fields"]["area_code"] == "E08000025"
    }
    return measures, months, published, population


@pytest.mark.parametrize("basis", ["count", "rate", "percentage", "position", "average"])
def test_the_fixture_months_give_the_published_outturn_at_each_years_end(fixture_data, basis):
    """Rounded as DfE rounded the published figure, the comparable figure at March (September for
    the workforce) is the council's outturn, every year a figure was published."""
    measures, months, published, population = fixture_data
    checked = 0
    for code, measure in measures.items():
        if measure["basis"] != basis:
            continue
        series = months[code]
        for (who, year), raw in published.items():
            end = year_end_month(year, measure["year_basis"])
            if who != code or raw is None or not any(m.period == end for m in series):
                continue
            found = comparable(basis, series, end, population=population, year_basis=measure["year_basis"])
            if found is None:  # the 12 months before the first fixture March are not all there
                assert basis in ("count", "rate", "percentage")
                assert end < dt.date(2015, 3, 2)
                continue
            outturn = Decimal(raw)
            places = max(0, -outturn.as_tuple().exponent)
            assert shown(found.value, places) == shown(outturn, places), (code, year)
            checked += 1
    assert checked >= 2
