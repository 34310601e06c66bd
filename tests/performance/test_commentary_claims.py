"""Every drafted sentence states only what the judgement holds, and agrees with the badges.

Over every fixture measure and every month (from fixtures/performance.json, read once, no
database), and over random series at the edges of the tolerance and of the rounding.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from performance.judgement.analysis import Point, TargetSpan
from performance.judgement.basis import add_months, dfe_published_on
from performance.judgement.commentary import draft
from performance.judgement.judgement import Published, assurance_target, judge_months
from performance.measures.presenters import scorecard_row
from performance.models import Measure
from performance.spc import Observation, analyse
from tests.performance.claims import check

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "performance.json"


def _decimal(raw):
    return Decimal(raw) if raw is not None else None


@pytest.fixture(scope="module")
def fixture_measures():
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    kept = {
        "code",
        "name",
        "short_name",
        "unit",
        "polarity",
        "decimal_places",
        "basis",
        "year_basis",
        "topic",
    }
    measures = {
        o["fields"]["code"]: Measure(**{k: v for k, v in o["fields"].items() if k in kept})
        for o in objects
        if o["model"] == "performance.measure"
    }
    months, targets = defaultdict(list), defaultdict(list)
    published = defaultdict(lambda: defaultdict(dict))
    population = {}
    for o in objects:
        f = o["fields"]
        if o["model"] == "performance.measurevalue":
            period = dt.date.fromisoformat(f["period"])
            row = (period, Decimal(f["value"]), _decimal(f["numerator"]), _decimal(f["denominator"]))
            months[f["measure"][0]].append(Observation(*row))
        elif o["model"] == "performance.target":
            start = dt.date.fromisoformat(f["valid_from"])
            span = TargetSpan(
                Decimal(f["value"]), Decimal(f["tolerance"]), start, None, f["provenance"], f["basis"]
            )
            targets[f["measure"][0]].append(span)
        elif o["model"] == "performance.benchmarkvalue" and f["value"] is not None:
            code = f["measure"][0]
            when = dfe_published_on(f["year"], measures[code].year_basis)
            published[code][f["comparator"]][f["year"]] = Published(Decimal(f["value"]), when, f["area_name"])
        elif o["model"] == "performance.childpopulation" and f["area_code"] == "E08000025":
            population[f["year"]] = Decimal(f["children"])
    return measures, months, targets, published, population


def test_every_sentence_of_every_fixture_month_equals_the_judgement_and_the_badges(fixture_measures):
    measures, months, targets, published, population = fixture_measures
    checked = 0
    for code, measure in measures.items():
        series = sorted(months[code], key=lambda o: o.period)
        for end in range(1, len(series) + 1):
            upto = series[:end]
            target = next((t for t in targets[code] if t.valid_from <= upto[-1].period), None)
            # SPC as at the month is the slow part: every fourth month and the latest carry it.
            spc = (
                analyse(
                    upto,
                    polarity=measure.polarity,
                    is_percentage=measure.unit == "percentage",
                    target=assurance_target(measure, target),
                )
                if end % 4 == 0 or end == len(series)
                else None
            )
            judged = judge_months(
                measure,
                months=upto,
                targets=targets[code],
                benchmarks=published[code],
                population=population,
                spc=spc,
                illustrative=True,
            )[-1]
            points = [Point(o.period, o.value) for o in upto]
            row = scorecard_row(measure, judged, points, True, spc)
            checked += check(draft(judged), judged, row)
    assert checked > 24 * 48


def test_a_yearly_target_on_a_rate_is_judged_on_the_rolling_figure_in_the_fixture(fixture_measures):
    measures, months, targets, published, population = fixture_measures
    measure = measures["cp-plans-starting-rate"]
    judged = judge_months(
        measure,
        months=months[measure.code],
        targets=targets[measure.code],
        benchmarks={},
        population=population,
    )
    march_2015 = next(j for j in judged if j.period == dt.date(2015, 3, 1))
    outturn = published[measure.code]["council"][2015].value
    assert march_2015.target.basis == "year"
    assert march_2015.target.figure == outturn
    assert march_2015.rag.label == "Red"  # 61.2 against a yearly target of 55 with a tolerance of 5
    assert judged[0].rag is None
    assert "not all in" in judged[0].rag_reason


class Edge:
    """A measure for the random series: percentage, one decimal place."""

    unit, decimal_places, basis, year_basis = "percentage", 1, "position", "financial"
    code = name = short_name = topic = "edge"

    def __init__(self, polarity):
        self.polarity = polarity


tenths = st.integers(min_value=-40, max_value=40).map(lambda n: Decimal(n) / 100)


@settings(max_examples=300, deadline=None)
@given(
    polarity=st.sampled_from(["higher", "lower"]),
    target=st.integers(min_value=100, max_value=900).map(lambda n: Decimal(n) / 10),
    tolerance=st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(1), Decimal(2)]),
    offsets=st.lists(tenths, min_size=1, max_size=14),
    edge=st.sampled_from([Decimal(0), Decimal("0.05"), Decimal("-0.05"), Decimal(1), Decimal(2)]),
    england_gap=tenths,
)
def test_badges_and_sentences_never_disagree_at_the_edges(
    polarity, target, tolerance, offsets, edge, england_gap
):
    measure = Edge(polarity)
    start = dt.date(2016, 4, 1)
    sign = 1 if polarity == "lower" else -1
    values = [target + sign * (tolerance + edge) + offset / 10 for offset in offsets]
    months = [Observation(add_months(start, i), max(v, Decimal(0))) for i, v in enumerate(values)]
    last = months[-1]
    benchmarks = {
        "council": {2016: Published(last.value, dt.date(2016, 1, 1))},
        "england": {2016: Published(last.value + england_gap, dt.date(2016, 1, 1))},
        "neighbours": {2016: Published(last.value - england_gap, dt.date(2016, 1, 1))},
    }
    span = TargetSpan(target, tolerance, dt.date(2015, 4, 1))
    spc = analyse(months, polarity=polarity, is_percentage=True, target=target, min_points=12)
    judged = judge_months(measure, months=months, targets=[span], benchmarks=benchmarks, spc=spc)[-1]
    row = scorecard_row(measure, judged, [Point(m.period, m.value) for m in months], False, spc)
    check(draft(judged), judged, row)
