"""The scorecard's sparkline in words, tested without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from performance.judgement.analysis import Point
from performance.measures.presenters import format_value, trend_words


def _pct(value):
    return format_value(value, "percentage", 1)


def _series(*values):
    return [Point(dt.date(2016, 4 + i, 1), D(v)) for i, v in enumerate(values)]


def test_a_rising_series_is_told_from_its_first_month_to_its_last_with_its_range():
    words = trend_words(_series("18.1", "17.0", "20.7"), _pct)
    assert words == "Rising from 18.1% in April 2016 to 20.7% in June 2016 (lowest 17.0%, highest 20.7%)"


def test_a_falling_and_a_level_series_say_so():
    assert trend_words(_series("5", "3"), _pct).startswith("Falling from 5.0% in April 2016")
    assert trend_words(_series("4", "6", "4"), _pct).startswith("Level, from 4.0%")


def test_fewer_than_two_months_have_no_words_as_no_line_is_drawn():
    assert trend_words(_series("5"), _pct) == ""
