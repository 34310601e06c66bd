"""RAG, direction of travel and benchmark comparison, on their edge cases."""

import datetime as dt
from decimal import Decimal as D

from core.choices import Rag
from performance.judgement.analysis import (
    Point,
    TargetSpan,
    compare,
    compare_latest_year,
    direction_of_travel,
    measure_status,
    previous_month,
    rag_change,
    rag_rating,
    target_for,
    value_at,
)

APRIL, MAY, JUNE = dt.date(2016, 4, 1), dt.date(2016, 5, 1), dt.date(2016, 6, 1)
TARGET = TargetSpan(D("80"), D("5"), dt.date(2015, 4, 1))


def test_higher_is_better_meets_target_is_green_and_exactly_on_target_counts_as_met():
    assert rag_rating(D("85"), TARGET, "higher") == Rag.GREEN
    assert rag_rating(D("80"), TARGET, "higher") == Rag.GREEN


def test_higher_is_better_within_tolerance_is_amber_including_the_edge():
    assert rag_rating(D("79.9"), TARGET, "higher") == Rag.AMBER
    assert rag_rating(D("75"), TARGET, "higher") == Rag.AMBER
    assert rag_rating(D("74.9"), TARGET, "higher") == Rag.RED


def test_lower_is_better_mirrors_the_bands():
    assert rag_rating(D("80"), TARGET, "lower") == Rag.GREEN
    assert rag_rating(D("60"), TARGET, "lower") == Rag.GREEN
    assert rag_rating(D("85"), TARGET, "lower") == Rag.AMBER
    assert rag_rating(D("85.1"), TARGET, "lower") == Rag.RED


def test_a_zero_tolerance_leaves_no_amber():
    strict = TargetSpan(D("80"), D("0"), dt.date(2015, 4, 1))
    assert rag_rating(D("79.99"), strict, "higher") == Rag.RED
    assert rag_rating(D("80"), strict, "higher") == Rag.GREEN


def test_no_target_no_value_or_context_only_gives_no_rag():
    assert rag_rating(D("50"), None, "higher") is None
    assert rag_rating(None, TARGET, "higher") is None
    assert rag_rating(D("50"), TARGET, "context") is None


def test_the_target_in_force_is_chosen_by_month_and_gaps_have_none():
    old = TargetSpan(D("70"), D("5"), dt.date(2015, 4, 1), dt.date(2016, 3, 1))
    new = TargetSpan(D("80"), D("5"), dt.date(2016, 5, 1))
    assert target_for([old, new], dt.date(2016, 3, 1)) == old
    assert target_for([old, new], APRIL) is None
    assert target_for([old, new], MAY) == new
    assert target_for([old, new], dt.date(2015, 3, 1)) is None


def test_direction_follows_polarity():
    before, after = Point(APRIL, D("20")), Point(MAY, D("22"))
    assert direction_of_travel(after, before, "higher").direction == "improving"
    assert direction_of_travel(after, before, "lower").direction == "worsening"
    assert direction_of_travel(after, before, "context").direction == "up"
    assert direction_of_travel(before, after, "context").direction == "down"


def test_no_previous_value_means_direction_not_known():
    travel = direction_of_travel(Point(MAY, D("22")), None, "higher")
    assert travel.direction == "unknown"
    assert travel.label == "Not known"
    assert travel.compared_with is None


def test_a_change_below_the_published_precision_is_a_tie():
    travel = direction_of_travel(Point(MAY, D("20.04")), Point(APRIL, D("20.01")), "higher", places=1)
    assert travel.direction == "unchanged"
    assert travel.label == "No change"
    assert direction_of_travel(Point(MAY, D("20.04")), Point(APRIL, D("20.01")), "higher", 2).direction == (
        "improving"
    )


def test_with_a_missing_month_the_comparison_names_the_month_it_used():
    series = [Point(APRIL, D("20")), Point(JUNE, D("25"))]
    status = measure_status(series=series, targets=[TARGET], polarity="higher")
    assert status.travel.direction == "improving"
    assert status.travel.compared_with == APRIL


def test_comparison_with_england_follows_polarity_and_ties():
    assert compare(D("19.3"), D("22.5"), "lower").verdict == "better"
    assert compare(D("19.3"), D("22.5"), "higher").verdict == "worse"
    assert compare(D("64"), D("60"), "context").verdict == "higher"
    assert compare(D("22.51"), D("22.49"), "lower", places=1).verdict == "same"
    assert compare(None, D("22.5"), "lower").verdict == "unknown"


def test_comparison_uses_the_latest_year_both_published():
    council = {2015: D("21.1"), 2016: D("19.3"), 2017: D("22.0")}
    england = {2015: D("24.0"), 2016: D("22.5")}
    result = compare_latest_year(council, england, "lower")
    assert (result.year, result.verdict, result.council, result.comparator) == (
        2016,
        "better",
        D("19.3"),
        D("22.5"),
    )
    assert compare_latest_year(council, {}, "lower").verdict == "unknown"


def test_measure_status_of_an_empty_series_has_no_latest_no_rag_and_unknown_direction():
    status = measure_status(series=[], targets=[TARGET], polarity="higher")
    assert status.latest is None
    assert status.rag is None
    assert status.travel.direction == "unknown"
    assert status.england.verdict == "unknown"


def test_measure_status_rates_the_latest_month_against_its_target():
    series = [Point(APRIL, D("70")), Point(MAY, D("77"))]
    status = measure_status(
        series=series,
        targets=[TARGET],
        polarity="higher",
        council_annual={2016: D("70")},
        england={2016: D("75")},
    )
    assert status.latest == Point(MAY, D("77"))
    assert status.rag == Rag.AMBER
    assert status.travel.direction == "improving"
    assert status.england.verdict == "worse"


def test_rag_change_between_consecutive_months():
    series = [Point(APRIL, D("70")), Point(MAY, D("81"))]
    change = rag_change(series, [TARGET], "higher", MAY)
    assert (change.before, change.after) == (Rag.RED, Rag.GREEN)
    assert rag_change([Point(APRIL, D("81")), Point(MAY, D("82"))], [TARGET], "higher", MAY) is None


def test_a_missing_month_is_not_a_rag_change():
    assert rag_change([Point(APRIL, D("70")), Point(JUNE, D("81"))], [TARGET], "higher", JUNE) is None


def test_month_helpers():
    assert previous_month(dt.date(2016, 1, 1)) == dt.date(2015, 12, 1)
    assert value_at([Point(APRIL, D("1")), Point(JUNE, D("2"))], MAY) is None
    assert value_at([Point(APRIL, D("1")), Point(JUNE, D("2"))], JUNE) == Point(JUNE, D("2"))
