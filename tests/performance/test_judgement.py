"""One judgement per measure and month: RAG, direction and comparisons on their edge cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

import pytest

from core.choices import Rag
from performance.judgement.analysis import TargetSpan, target_for
from performance.judgement.basis import add_months
from performance.judgement.judgement import Published, judge, judge_months, rag_change, standing, verdict
from performance.spc import Observation

APRIL = dt.date(2016, 4, 1)
TARGET = TargetSpan(D("80"), D("5"), dt.date(2015, 4, 1))


@dataclass(frozen=True)
class M:
    unit: str = "percentage"
    polarity: str = "higher"
    decimal_places: int = 1
    basis: str = "position"
    year_basis: str = "financial"


def _months(values, start=APRIL):
    return [Observation(add_months(start, i), D(v)) for i, v in enumerate(values)]


def _latest(measure=M(), values=("50",), targets=(TARGET,), benchmarks=None, **kw):
    months = _months(values)
    return judge(
        measure,
        period=months[-1].period,
        months=months,
        targets=list(targets),
        benchmarks=benchmarks or {},
        **kw,
    )


@pytest.mark.parametrize(
    ("value", "polarity", "rag"),
    [
        ("85", "higher", Rag.GREEN),
        ("80", "higher", Rag.GREEN),
        ("79.9", "higher", Rag.AMBER),
        ("75", "higher", Rag.AMBER),
        ("74.9", "higher", Rag.RED),
        ("80", "lower", Rag.GREEN),
        ("85", "lower", Rag.AMBER),
        ("85.1", "lower", Rag.RED),
    ],
)
def test_rag_meets_on_the_target_and_amber_runs_to_the_edge_of_the_tolerance(value, polarity, rag):
    assert _latest(M(polarity=polarity), [value]).rag == rag


def test_rag_judges_the_figure_as_shown_rounded_half_up():
    assert _latest(M(), ["79.96"]).rag == Rag.GREEN  # shown as 80.0, which meets 80
    assert _latest(M(), ["79.94"]).rag == Rag.AMBER  # shown as 79.9
    assert _latest(M(), ["79.96"]).target.figure == D("80.0")


def test_no_target_or_context_only_gives_no_rag_and_says_why():
    assert _latest(targets=()).rag_reason == "No RAG: no target"
    assert _latest(M(polarity="context")).rag_reason == "No RAG: context only"


def test_the_target_in_force_is_chosen_by_month_and_gaps_have_none():
    old = TargetSpan(D("70"), D("5"), dt.date(2015, 4, 1), dt.date(2016, 3, 1))
    new = TargetSpan(D("80"), D("5"), dt.date(2016, 5, 1))
    assert target_for([old, new], dt.date(2016, 3, 1)) == old
    assert target_for([old, new], APRIL) is None
    assert target_for([old, new], dt.date(2016, 5, 1)) == new


def test_a_yearly_target_judges_the_rolling_12_months_not_the_month():
    rate = M(unit="rate_per_10k", polarity="lower", basis="rate")
    yearly = TargetSpan(D("55"), D("5"), dt.date(2015, 4, 1), basis="year")
    population = {2017: D(1000), 2018: D(1000)}
    judged = _latest(rate, ["5.1"] * 12, targets=[yearly], population=population)
    assert judged.target.figure == D("61.2")
    assert judged.rag == Rag.RED
    assert judged.target.figure_label == "12 months to March 2017"
    short = _latest(rate, ["5.1"] * 11, targets=[yearly], population=population)
    assert short.rag is None
    assert "not all in" in short.rag_reason


def test_direction_is_judged_on_the_figures_as_shown():
    months = judge_months(M(), months=_months(["50.04", "50.01", "52", "49"]), targets=[], benchmarks={})
    assert [j.travel.direction for j in months] == ["unknown", "unchanged", "improving", "worsening"]
    assert months[1].travel.compared_with == APRIL


def test_context_only_direction_is_up_or_down():
    months = judge_months(M(polarity="context"), months=_months(["1", "2"]), targets=[], benchmarks={})
    assert months[-1].travel.direction == "up"


def _published(value, year, published_on=None, basis="financial"):
    return Published(D(value), published_on or dt.date(year, 11, 30))


def test_england_is_compared_for_the_latest_year_published_by_the_month():
    benchmarks = {
        "council": {2015: _published("20.0", 2015), 2016: _published("19.3", 2016)},
        "england": {2015: _published("22.0", 2015), 2016: _published("22.5", 2016)},
    }
    april = _latest(M(polarity="lower"), ["19"], benchmarks=benchmarks)
    assert (april.england.year, april.england.council, april.england.other) == (2015, D("20.0"), D("22.0"))
    december = judge(
        M(polarity="lower"),
        period=dt.date(2016, 12, 1),
        months=_months(["19"] * 9),
        targets=[],
        benchmarks=benchmarks,
    )
    assert (december.england.year, december.england.verdict) == (2016, "better")


def test_a_pack_as_at_its_end_uses_only_what_was_published_by_then():
    benchmarks = {
        "council": {2016: _published("19.3", 2016)},
        "england": {2016: _published("22.5", 2016)},
    }
    late = _latest(M(), ["19"], benchmarks=benchmarks, as_at=dt.date(2016, 4, 30))
    assert late.england.verdict == "unknown"
    assert "30 April 2016" in late.england.reason


def test_a_count_is_never_compared_with_england():
    benchmarks = {"council": {2015: _published("600", 2015)}, "england": {2015: _published("655630", 2015)}}
    count = _latest(M(unit="count", decimal_places=0), ["50"], benchmarks=benchmarks)
    assert count.england.verdict == "not_compared"
    assert count.england.year is None


def test_comparisons_follow_polarity_and_ties_after_rounding():
    assert verdict(D("19.3"), D("22.5"), "lower") == "better"
    assert verdict(D("19.3"), D("22.5"), "higher") == "worse"
    assert verdict(D("19.3"), D("19.3"), "higher") == "same"
    assert verdict(D("64"), D("60"), "context") == "higher"
    assert standing(D("80.0"), D("80.0"), D("0"), "higher") == "met"
    assert standing(D("79.9"), D("80.0"), D("0"), "higher") == "missed"


def test_rag_change_between_consecutive_months_and_a_gap_is_not_a_change():
    months = judge_months(M(), months=_months(["85", "70"]), targets=[TARGET], benchmarks={})
    change = rag_change(months, add_months(APRIL, 1))
    assert (change.before, change.after) == (Rag.GREEN, Rag.RED)
    assert rag_change(months, add_months(APRIL, 5)) is None
