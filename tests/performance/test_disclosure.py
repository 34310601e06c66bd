"""The disclosure rule for public outputs, on plain numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performance import disclosure

D = Decimal


@pytest.mark.parametrize("count", [1, 2, 5])
def test_a_count_from_one_to_five_is_small(count):
    assert disclosure.is_small(D(count))


@pytest.mark.parametrize("count", [None, 0, 6, 120])
def test_zero_a_missing_count_and_six_or_more_are_not_small(count):
    assert not disclosure.is_small(None if count is None else D(count))


def test_small_counts_are_suppressed_without_a_total():
    assert disclosure.group_suppressed([D(40), D(3), D(0), D(12)], total_shown=False) == [
        False,
        True,
        False,
        False,
    ]


def test_a_shown_total_suppresses_the_smallest_other_non_zero_count_too():
    flags = disclosure.group_suppressed([D(40), D(3), D(0), D(12)], total_shown=True)
    assert flags == [False, True, False, True]


def test_two_small_counts_need_no_secondary_suppression():
    assert disclosure.group_suppressed([D(40), D(3), D(4)], total_shown=True) == [False, True, True]


def test_a_group_with_nothing_small_is_shown_whole():
    assert disclosure.group_suppressed([D(40), D(30), None], total_shown=True) == [False, False, False]


def test_a_total_from_one_to_five_is_itself_suppressed():
    assert disclosure.total_suppressed([D(2), D(0), None])
    assert not disclosure.total_suppressed([D(0), D(0)])
    assert not disclosure.total_suppressed([None])


@pytest.mark.parametrize(
    ("numerator", "denominator", "hidden"),
    [(3, 40, True), (30, 4, True), (30, 40, False), (0, 40, False), (None, None, False)],
)
def test_a_percentage_is_suppressed_when_a_count_behind_it_is_small(numerator, denominator, hidden):
    assert disclosure.ratio_suppressed(numerator, denominator) is hidden
