"""SPC on hand-worked series: limits, each rule, each polarity, ties, gaps, zero denominators, rebasing.

The rules follow NHSRplotthedots (see performance.spc): sigma is 2.66 / 3 mean moving ranges,
two of three needs its window on one side of the average and does not count a point beyond the
limit, a point beyond a limit outranks every other rule, and moving ranges are screened by default.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from performance.spc import (
    Assurance,
    Chart,
    Limits,
    Observation,
    PointClass,
    RebaseAt,
    Rule,
    ThreadVerdict,
    Variation,
    action_effect,
    analyse,
    assurance_of,
    choose_chart,
    p_limits,
    xmr_limits,
)
from performance.spc.rules import flag
from tests.performance.spc_series import month, proportions, series

D = Decimal
ALTERNATING = [14, 10] * 6  # mean 12, moving range 4, no run, no trend


def r(value: Decimal) -> Decimal:
    """Round to 12 places: the module works at 40 digits, a hand calculation at 28."""
    return round(value, 12)


def reflect(values: list[int]) -> list[int]:
    """Mirror a series (100 - x): high becomes low, rising becomes falling."""
    return [100 - v for v in values]


# --- limits -----------------------------------------------------------------------------------


def test_xmr_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges():
    values = [10, 12, 11, 13, 12, 11, 10, 12, 14, 12, 11, 12]
    # By hand: sum 140 over 12 points, mean 11.6667; moving ranges 2,1,2,1,1,1,2,2,2,1,1 = 16
    # over 11, mean 1.4545; 2.66 x 1.4545 = 3.8691, so limits 7.7976 and 15.5358.
    limits = xmr_limits(values)
    assert limits is not None
    assert r(limits.mean) == r(D(140) / 12)
    assert r(limits.upper) == r(D(140) / 12 + D("2.66") * D(16) / 11)
    assert round(limits.upper, 4) == D("15.5358")
    assert round(limits.lower, 4) == D("7.7976")
    # sigma is a third of 2.66 mean moving ranges (the two-sigma line at 2.66 x 2/3), not mr / 1.128.
    assert round(limits.sigma, 4) == round(D("2.66") * D(16) / 11 / 3, 4) == D("1.2897")


def test_xmr_limits_need_twelve_points_by_default_and_the_minimum_can_be_changed():
    assert xmr_limits([10, 12] * 5 + [11]) is None
    assert xmr_limits([10, 12] * 5 + [11], min_points=11) is not None
    assert xmr_limits([10, 12, 11, 13, 12], min_points=5) is not None


def test_a_missing_month_breaks_the_moving_range():
    # 10, 20, (gap), 40, 50: ranges 10 and 10, not the 20 across the gap; mean 30.
    limits = xmr_limits([10, 20, None, 40, 50], min_points=4)
    assert limits is not None
    assert (limits.mean, limits.lower, limits.upper) == (30, D("3.4"), D("56.6"))
    assert r(limits.sigma) == r(D("2.66") * D(10) / 3)


def test_xmr_limits_are_none_when_no_two_months_are_adjacent():
    assert xmr_limits([10, None, 12, None, 11, None, 13], min_points=4) is None


def test_p_chart_limits_use_the_binomial_formula_with_each_months_denominator():
    # p-bar = 300 / 1500 = 0.2. n = 100: sigma = sqrt(0.2 x 0.8 / 100) = 0.04, so 20% +/- 12 points;
    # n = 400: sigma = 0.02, so 20% +/- 6 points.
    numerators = [20] * 11 + [80]
    denominators = [100] * 11 + [400]
    limits = p_limits(numerators, denominators)
    assert limits is not None
    assert limits[0] == Limits(mean=D(20), lower=D(8), upper=D(32), sigma=D(4))
    assert limits[11] == Limits(mean=D(20), lower=D(14), upper=D(26), sigma=D(2))


def test_p_chart_limits_are_clipped_at_zero():
    # p-bar 0.02, n 50: sigma = sqrt(0.02 x 0.98 / 50) = 1.98 points; 2 - 5.94 is below zero.
    limits = p_limits([1] * 12, [50] * 12)
    assert limits is not None
    assert limits[0].lower == 0
    assert round(limits[0].upper, 4) == D("7.9397")


def test_a_zero_denominator_is_excluded_from_p_bar_and_gets_no_limits():
    limits = p_limits([20] * 12 + [0], [100] * 12 + [0])
    assert limits is not None
    assert limits[12] is None
    assert limits[0] == Limits(mean=D(20), lower=D(8), upper=D(32), sigma=D(4))


def test_a_percentage_with_numerators_and_denominators_gets_a_p_chart_and_anything_else_xmr():
    parts = proportions([(20, 100)] * 12)
    bare = series([20] * 12)
    assert choose_chart(is_percentage=True, observations=parts) is Chart.P
    assert choose_chart(is_percentage=True, observations=bare) is Chart.XMR
    assert choose_chart(is_percentage=False, observations=parts) is Chart.XMR
    assert choose_chart(is_percentage=True, observations=[]) is Chart.XMR


# --- the four rules, each polarity ------------------------------------------------------------

# 16 points alternating 10/14 then 40: mean 232/17 = 13.65; mean moving range 86/16 = 5.375,
# upper limit 13.65 + 14.30 = 27.94; two-sigma line 23.18. Only the 40 signals.
SPIKE = [10, 14] * 8 + [40]
# Alternating 14/10, then seven points above the mean of 241/19 = 12.68, not rising.
SHIFT = [*ALTERNATING, 13, 15, 13, 15, 13, 15, 13]
# Alternating, then 9 to 15 rising: seven points, the mean 228/19 = 12 is crossed (no shift).
TREND = [*ALTERNATING, 9, 10, 11, 12, 13, 14, 15]
# Twenty points alternating 13/11, then 19, 14, 19, all three above the mean of 292/23 = 12.70;
# mean moving range 56/22 = 2.545, two-sigma line 17.21 and upper limit 19.47: the 19s are close.
TWO_OF_THREE = [13, 11] * 10 + [19, 14, 19]

RULE_SERIES = {
    Rule.BEYOND_LIMIT: SPIKE,
    Rule.SHIFT: SHIFT,
    Rule.TREND: TREND,
    Rule.TWO_OF_THREE: TWO_OF_THREE,
}
EXPECTED = {
    # (polarity, direction of the signal): (class of the point, variation icon)
    ("higher", 1): (PointClass.IMPROVEMENT, Variation.IMPROVEMENT_HIGH),
    ("lower", 1): (PointClass.CONCERN, Variation.CONCERN_HIGH),
    ("context", 1): (PointClass.NEITHER_HIGH, Variation.NEITHER_HIGH),
    ("higher", -1): (PointClass.CONCERN, Variation.CONCERN_LOW),
    ("lower", -1): (PointClass.IMPROVEMENT, Variation.IMPROVEMENT_LOW),
    ("context", -1): (PointClass.NEITHER_LOW, Variation.NEITHER_LOW),
}


@pytest.mark.parametrize("rule", list(Rule))
@pytest.mark.parametrize("direction", [1, -1])
@pytest.mark.parametrize("polarity", ["higher", "lower", "context"])
def test_each_rule_in_each_direction_classes_the_latest_point_by_polarity(rule, direction, polarity):
    values = RULE_SERIES[rule] if direction == 1 else reflect(RULE_SERIES[rule])
    result = analyse(series(values), polarity=polarity)
    assert dict(result.latest.rules) == {rule: direction}
    assert (result.latest.klass, result.variation) == EXPECTED[polarity, direction]


def test_only_the_point_beyond_the_limit_signals():
    result = analyse(series(SPIKE), polarity="higher")
    assert [p.klass for p in result.points[:-1]] == [PointClass.COMMON_CAUSE] * 16
    assert result.latest.value > result.latest.limits.upper


def test_limits_and_two_sigma_lines_are_strict():
    limits = Limits(mean=D(50), lower=D(41), upper=D(59), sigma=D(3))  # two-sigma lines 44 and 56
    on_lines = flag([D(59), D(50), D(56), D(56), D(41)], [limits] * 5)
    assert [fl.rules for fl in on_lines] == [()] * 5
    near = flag([D(56), D("50.5"), D(56)], [limits] * 3)
    assert [fl.rules for fl in near] == [()] * 3
    beyond = flag([D("56.01"), D("50.5"), D("56.01"), D("40.99")], [limits] * 4)
    assert [dict(fl.rules) for fl in beyond] == [
        {Rule.TWO_OF_THREE: 1},
        {},
        {Rule.TWO_OF_THREE: 1},
        {Rule.BEYOND_LIMIT: -1},
    ]


def test_a_point_beyond_the_limit_is_not_counted_towards_two_of_three():
    limits = Limits(mean=D(50), lower=D(41), upper=D(59), sigma=D(3))
    flags = flag([D(60), D("50.5"), D(57)], [limits] * 3)
    assert [dict(fl.rules) for fl in flags] == [{Rule.BEYOND_LIMIT: 1}, {}, {}]


def test_two_of_three_needs_the_window_on_one_side_of_the_mean():
    limits = Limits(mean=D(50), lower=D(41), upper=D(59), sigma=D(3))
    across = flag([D(57), D(49), D(57)], [limits] * 3)
    assert [fl.rules for fl in across] == [()] * 3
    on_mean = flag([D(57), D(50), D(57)], [limits] * 3)
    assert [fl.rules for fl in on_mean] == [()] * 3


def test_all_seven_points_of_a_shift_are_flagged_and_counted():
    result = analyse(series(SHIFT), polarity="higher")
    shifted = result.points[-7:]
    assert all(dict(p.rules) == {Rule.SHIFT: 1} for p in shifted)
    assert [p.run for p in shifted] == [1, 2, 3, 4, 5, 6, 7]
    assert result.points[-8].rule is None


def test_six_points_in_a_row_above_the_mean_are_not_a_shift():
    result = analyse(series([*ALTERNATING, 13, 15, 13, 15, 13, 15]), polarity="higher")
    assert result.latest.run == 6
    assert result.signals == ()
    assert result.variation is Variation.COMMON_CAUSE


def test_a_point_on_the_mean_breaks_a_run():
    # Mean (144 + 90 + 13) / 19 = 13 exactly, so the fourth of the seven points sits on it.
    tied = analyse(series([*ALTERNATING, 14, 16, 14, 13, 16, 14, 16]), polarity="higher")
    assert tied.points[-4].value == tied.points[-4].limits.mean == 13
    assert [p.run for p in tied.points[-7:]] == [1, 2, 3, 0, 1, 2, 3]
    assert tied.signals == ()
    # The same series with 15 instead of 13 (mean 249/19 = 13.1): seven in a row above.
    untied = analyse(series([*ALTERNATING, 14, 16, 14, 15, 16, 14, 16]), polarity="higher")
    assert untied.latest.rule is Rule.SHIFT


def test_all_seven_points_of_a_trend_are_flagged_and_counted():
    result = analyse(series(TREND), polarity="higher")
    rising = result.points[-7:]
    assert all(dict(p.rules) == {Rule.TREND: 1} for p in rising)
    # The first of the seven ends the fall from 14 to 10 to 9 and starts the rise.
    assert (rising[0].trend, rising[0].trend_direction) == (3, -1)
    assert [p.trend for p in rising[1:]] == [2, 3, 4, 5, 6, 7]
    assert result.points[-8].rule is None


def test_six_points_rising_are_not_a_trend_and_equal_neighbours_break_one():
    six = analyse(series([*ALTERNATING, 9, 10, 11, 12, 13, 14]), polarity="higher")
    assert six.latest.trend == 6
    assert six.signals == ()
    flat = analyse(series([*ALTERNATING, 9, 10, 11, 11, 12, 13, 14]), polarity="higher")
    assert [p.trend for p in flat.points[-7:]] == [3, 2, 3, 1, 2, 3, 4]
    assert flat.signals == ()


def test_two_of_three_flags_the_points_close_to_the_limit_not_the_third():
    result = analyse(series(TWO_OF_THREE), polarity="higher")
    first, middle, last = result.points[-3:]
    assert dict(first.rules) == dict(last.rules) == {Rule.TWO_OF_THREE: 1}
    assert middle.rules == ()
    assert last.value < last.limits.upper


def test_two_points_close_to_opposite_limits_are_not_two_of_three():
    result = analyse(series([13, 11] * 10 + [19, 12, 6]), polarity="higher")
    assert all(Rule.TWO_OF_THREE not in dict(p.rules) for p in result.points)


def test_a_point_beyond_the_limit_outranks_a_trend_the_other_way_and_a_shift():
    # High alternating points, then 5 to 11 rising, all below the mean of 392/19 = 20.63:
    # a rising trend and a low shift at once; all seven are below the lower limit of 12.81
    # (the drop from 26 to 5 is screened out of the moving ranges).
    result = analyse(series([30, 26] * 6 + [5, 6, 7, 8, 9, 10, 11]), polarity="higher")
    first, latest = result.points[-7], result.latest
    assert dict(first.rules) == {Rule.BEYOND_LIMIT: -1, Rule.TREND: 1, Rule.SHIFT: -1}
    assert first.rule is latest.rule is Rule.BEYOND_LIMIT
    assert latest.klass is PointClass.CONCERN
    assert result.variation is Variation.CONCERN_LOW
    lower = analyse(series([30, 26] * 6 + [5, 6, 7, 8, 9, 10, 11]), polarity="lower")
    assert lower.variation is Variation.IMPROVEMENT_LOW


def test_a_trend_outranks_a_shift_the_other_way():
    # Kept inside the limits by keeping every moving range (Excel): the rise is a trend up and
    # a run below the mean at once, and the trend decides.
    values = [30, 26] * 6 + [5, 6, 7, 8, 9, 10, 11]
    result = analyse(series(values), polarity="higher", screen_outliers=False)
    latest = result.latest
    assert dict(latest.rules) == {Rule.TREND: 1, Rule.SHIFT: -1}
    assert latest.rule is Rule.TREND
    assert latest.klass is PointClass.IMPROVEMENT


def test_a_point_beyond_the_limit_outranks_a_shift_on_the_same_side():
    # Mean 277/19 = 14.58, upper limit 23.03: the 40 is beyond it and the seventh above the mean.
    result = analyse(series([*ALTERNATING, 15, 16, 15, 16, 15, 16, 40]), polarity="higher")
    assert dict(result.latest.rules) == {Rule.BEYOND_LIMIT: 1, Rule.SHIFT: 1}
    assert result.latest.rule is Rule.BEYOND_LIMIT


def test_common_cause_variation_signals_nothing():
    result = analyse(series([10, 14] * 8), polarity="higher")
    assert result.ready
    assert result.signals == ()
    assert result.variation is Variation.COMMON_CAUSE
    assert {p.klass for p in result.points} == {PointClass.COMMON_CAUSE}


# --- short series, gaps, zero denominators ----------------------------------------------------


def test_a_short_series_has_no_limits_and_says_why():
    result = analyse(series([10, 14] * 5 + [12]), polarity="higher", target=12)
    assert not result.ready
    assert result.reason == (
        "Only 11 points: 1 more is needed before process limits can be drawn (at least 12)."
    )
    assert result.points_to_come == 1
    assert all(p.limits is None and p.klass is None for p in result.points)
    assert result.variation is None
    assert result.assurance is None
    assert result.latest is None
    assert [p.value for p in result.points] == [D(v) for v in [10, 14] * 5 + [12]]
    assert analyse(series([10, 14] * 5 + [12]), polarity="higher", min_points=11).ready


def test_runs_are_counted_over_the_months_that_are_there_across_a_gap():
    values = [*ALTERNATING, 13, 15, 13, None, 15, 13, 15, 13]
    result = analyse(series(values), polarity="higher")
    assert len(result.points) == 19
    assert result.latest.run == 7
    assert result.latest.rule is Rule.SHIFT


def test_the_moving_range_is_not_taken_across_a_gap_in_the_series():
    values = [*ALTERNATING, 13, 15, 13, None, 35, 13, 15, 13]
    with_gap = analyse(series(values), polarity="higher", screen_outliers=False)
    present = [D(v) for v in values if v is not None]
    # 18 ranges within the runs of adjacent months; the 13 -> 35 jump spans the gap and is left out.
    ranges = [abs(b - a) for a, b in itertools.pairwise(present)]
    ranges.remove(D(22))
    mean_range = sum(ranges) / len(ranges)
    assert r(with_gap.latest.limits.upper) == r(sum(present) / len(present) + D("2.66") * mean_range)


def test_a_zero_denominator_is_left_off_the_p_chart_and_flagged():
    parts = [(20, 100)] * 6 + [(0, 0)] + [(20, 100)] * 6
    result = analyse(proportions(parts), polarity="lower", is_percentage=True)
    assert result.chart is Chart.P
    gap = result.points[6]
    assert gap.value is None
    assert gap.klass is None
    assert gap.excluded == "No denominator: left out of the p-chart."
    assert result.latest.limits.mean == 20
    assert result.ready


def test_a_p_chart_signals_against_limits_that_vary_with_the_denominator():
    # p-bar = (11 x 20 + 30) / (11 x 100 + 100) = 250 / 1200 = 20.83%; n = 100 gives an upper
    # limit of 20.83 + 3 x 4.06 = 33.02: 30% is inside. With n = 1000 the limit is 24.68: outside.
    small = analyse(proportions([(20, 100)] * 11 + [(30, 100)]), polarity="lower", is_percentage=True)
    assert small.latest.rule is None
    big = analyse(proportions([(200, 1000)] * 11 + [(300, 1000)]), polarity="lower", is_percentage=True)
    assert big.latest.rule is Rule.BEYOND_LIMIT
    assert big.variation is Variation.CONCERN_HIGH


def test_two_figures_for_one_month_are_refused():
    twice = [*series([10] * 12), Observation(period=month(0), value=D(11))]
    with pytest.raises(ValueError, match="one observation per period"):
        analyse(twice, polarity="higher")


def test_an_unknown_polarity_is_refused():
    with pytest.raises(ValueError, match="unknown polarity"):
        analyse(series([10, 14] * 6), polarity="up")


# --- rebasing ---------------------------------------------------------------------------------

BEFORE_AFTER = [10, 12] * 6 + [20, 22] * 6  # a step from mean 11 to mean 21 after 12 months


def test_without_a_rebase_a_step_change_shows_as_shifts():
    result = analyse(series(BEFORE_AFTER), polarity="higher")
    assert len(result.segments) == 1
    assert all(Rule.SHIFT in dict(p.rules) for p in result.points)
    # The step's moving range of 8 is screened out, so the 10s and 22s are beyond the limits too.
    assert result.latest.rule is Rule.BEYOND_LIMIT
    assert result.points[0].klass is PointClass.CONCERN


def test_rebasing_at_an_event_recalculates_the_limits_from_that_month():
    event = RebaseAt(on=dt.date(2016, 1, 1), label="Commissioner appointed")
    result = analyse(series(BEFORE_AFTER), polarity="higher", rebase_at=[event])
    assert [(s.start, s.end, s.points, s.mean, s.label) for s in result.segments] == [
        (dt.date(2015, 1, 1), dt.date(2015, 12, 1), 12, D(11), ""),
        (dt.date(2016, 1, 1), dt.date(2016, 12, 1), 12, D(21), "Commissioner appointed"),
    ]
    assert result.rebases[0].applied
    assert result.rebases[0].start == dt.date(2016, 1, 1)
    assert result.points[11].limits.mean == 11
    assert result.points[12].limits.mean == 21
    assert [p.segment for p in result.points] == [0] * 12 + [1] * 12
    assert result.signals == ()
    assert result.variation is Variation.COMMON_CAUSE


def test_an_event_part_way_through_a_month_rebases_from_the_next_month():
    result = analyse(series(BEFORE_AFTER), polarity="higher", rebase_at=[dt.date(2015, 12, 15)])
    assert result.rebases[0].applied
    assert result.rebases[0].start == dt.date(2016, 1, 1)
    assert [s.points for s in result.segments] == [12, 12]


def test_a_rebase_that_would_leave_too_few_points_before_it_is_refused_with_a_reason():
    result = analyse(series(BEFORE_AFTER), polarity="higher", rebase_at=[dt.date(2015, 12, 1)])
    assert not result.rebases[0].applied
    assert result.rebases[0].reason == (
        "Only 11 points before December 2015: at least 12 are needed on each side to recalculate the limits."
    )
    assert len(result.segments) == 1
    early = analyse(series(BEFORE_AFTER), polarity="higher", rebase_at=[dt.date(2016, 2, 1)])
    assert early.rebases[0].reason == (
        "Only 11 points from February 2016: at least 12 are needed on each side to recalculate the limits."
    )
    late = analyse(series(BEFORE_AFTER), polarity="higher", rebase_at=[dt.date(2020, 1, 1)])
    assert late.rebases[0].reason == "No figures from January 2020 onwards."


def test_a_smaller_minimum_allows_a_rebase_on_fewer_points():
    result = analyse(series(BEFORE_AFTER), polarity="higher", rebase_at=[dt.date(2015, 7, 1)], min_points=6)
    assert [s.points for s in result.segments] == [6, 18]


def test_runs_do_not_cross_a_rebase():
    values = [10, 12] * 6 + [13, 13, 13, 13, 13, 13, 20, 22] + [20, 22] * 2
    rebased = analyse(series(values), polarity="higher", rebase_at=[month(12)])
    assert rebased.points[12].run == 1


# --- assurance --------------------------------------------------------------------------------

LIMITS = Limits(mean=D(50), lower=D(40), upper=D(60), sigma=D(10) / 3)


@pytest.mark.parametrize(
    ("polarity", "target", "assurance"),
    [
        ("higher", 35, Assurance.CONSISTENTLY_MET),
        ("higher", 65, Assurance.CONSISTENTLY_MISSED),
        ("higher", 50, Assurance.HIT_AND_MISS),
        ("higher", 40, Assurance.HIT_AND_MISS),
        ("lower", 65, Assurance.CONSISTENTLY_MET),
        ("lower", 35, Assurance.CONSISTENTLY_MISSED),
        ("lower", 60, Assurance.HIT_AND_MISS),
        ("context", 35, None),
        ("higher", None, None),
    ],
)
def test_assurance_comes_from_where_the_target_lies_against_the_limits(polarity, target, assurance):
    assert assurance_of(LIMITS, target, polarity) is assurance


def test_the_assurance_verdict_uses_the_latest_limits():
    result = analyse(series([10, 14] * 8), polarity="higher", target=30)
    assert result.assurance is Assurance.CONSISTENTLY_MISSED
    assert result.target == 30


# --- golden thread ----------------------------------------------------------------------------


def test_an_action_not_yet_complete_has_no_verdict():
    assert action_effect(series(BEFORE_AFTER), completed_on=None, polarity="higher").verdict is (
        ThreadVerdict.NOT_COMPLETE
    )


def test_a_rise_after_completion_is_an_improvement_for_a_higher_is_better_measure():
    effect = action_effect(series(BEFORE_AFTER), completed_on=dt.date(2016, 1, 1), polarity="higher")
    assert effect.verdict is ThreadVerdict.IMPROVEMENT
    assert effect.signal_period == dt.date(2016, 12, 1)
    assert effect.baseline_mean == 11
    assert effect.points_after == 12
    lower = action_effect(series(BEFORE_AFTER), completed_on=dt.date(2016, 1, 1), polarity="lower")
    assert lower.verdict is ThreadVerdict.CONCERN
    context = action_effect(series(BEFORE_AFTER), completed_on=dt.date(2016, 1, 1), polarity="context")
    assert context.verdict is ThreadVerdict.HIGHER


def test_no_signal_after_completion_is_no_detectable_change_yet():
    effect = action_effect(series([10, 12] * 9), completed_on=dt.date(2016, 1, 1), polarity="higher")
    assert effect.verdict is ThreadVerdict.NO_CHANGE
    assert effect.verdict.label == "No detectable change yet"
    just_done = action_effect(series([10, 12] * 6), completed_on=dt.date(2016, 1, 1), polarity="higher")
    assert just_done.verdict is ThreadVerdict.NO_CHANGE
    assert just_done.points_after == 0


def test_too_few_months_before_completion_cannot_be_judged():
    effect = action_effect(series(BEFORE_AFTER), completed_on=dt.date(2015, 9, 1), polarity="higher")
    assert effect.verdict is ThreadVerdict.TOO_FEW_BEFORE


def test_the_month_of_completion_counts_as_after_only_when_completed_on_its_first_day():
    mid_month = action_effect(series(BEFORE_AFTER), completed_on=dt.date(2015, 12, 15), polarity="higher")
    assert mid_month.points_after == 12  # December counts as before: 12 months of baseline
    assert mid_month.verdict is ThreadVerdict.IMPROVEMENT
    on_first = action_effect(series(BEFORE_AFTER), completed_on=dt.date(2015, 12, 1), polarity="higher")
    assert on_first.points_after == 13
    assert on_first.verdict is ThreadVerdict.TOO_FEW_BEFORE  # only 11 months before December


def test_a_p_chart_measure_is_judged_against_its_baseline_proportion():
    parts = [(20, 100)] * 12 + [(40, 100)]
    effect = action_effect(proportions(parts), completed_on=month(12), polarity="lower", is_percentage=True)
    assert effect.verdict is ThreadVerdict.CONCERN
    assert effect.baseline_mean == 20
