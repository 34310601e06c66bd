"""SPC checked against NHSRplotthedots' own examples and tests (its release 0.2.0).

Each test names the package file it comes from: tests/testthat/test-*.R, their snapshots in
tests/testthat/_snaps/, or the vignettes. The series of the package's tests are R's
``set.seed(123); rnorm(20)``, printed here to 8 places; its snapshots give the limits to 6 or 7
significant figures, which is the precision compared.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from performance.spc import (
    Assurance,
    Limits,
    MovingRanges,
    PointClass,
    RebaseAt,
    Rule,
    analyse,
    assurance_of,
    xmr_limits,
)
from performance.spc.rules import flag
from tests.performance.spc_series import month, series

D = Decimal
RNORM_20 = [
    D(x)
    for x in [
        "-0.56047565", "-0.23017749", "1.55870831", "0.07050839", "0.12928774",
        "1.71506499", "0.46091621", "-1.26506123", "-0.68685285", "-0.44566197",
        "1.22408180", "0.35981383", "0.40077145", "0.11068272", "-0.55584113",
        "1.78691314", "0.49785048", "-1.96661716", "0.70135590", "-0.47279141",
    ]
]  # fmt: skip
WITH_OUTLIER = [*RNORM_20[:14], D(10), *RNORM_20[15:]]  # the package's data$y[15] <- 10
# Limits drawn at mean 50, two-sigma lines 44 and 56, process limits 41 and 59.
WIDE = Limits(mean=D(50), lower=D(41), upper=D(59), sigma=D(3))
CLOSE, ABOVE, BELOW = D(57), D(51), D(49)


def rules_of(values, limits=WIDE):
    return [dict(fl.rules) for fl in flag(values, [limits] * len(values))]


def flagged(values, rule, limits=WIDE):
    return [1 if rule in found else 0 for found in rules_of(values, limits)]


# --- limits and screening: test-ptd_spc_standard.R and its snapshot ----------------------------


def test_the_limits_of_the_packages_example_series_match_its_snapshot():
    limits = xmr_limits(RNORM_20)
    assert round(limits.mean, 7) == D("0.1416238")
    assert round(limits.lower, 5) == D("-3.01138")
    assert round(limits.upper, 6) == D("3.294627")


def test_screening_drops_the_outliers_moving_ranges_as_the_package_does():
    screened = xmr_limits(WITH_OUTLIER)
    assert round(screened.mean, 7) == D("0.6694159")
    assert (round(screened.lower, 6), round(screened.upper, 6)) == (D("-2.383666"), D("3.722497"))


def test_without_screening_every_moving_range_counts_as_in_the_excel_tool():
    kept = xmr_limits(WITH_OUTLIER, screen_outliers=False)
    assert (round(kept.lower, 6), round(kept.upper, 6)) == (D("-4.596625"), D("5.935457"))
    screened = xmr_limits(WITH_OUTLIER)
    assert kept.upper - kept.lower > screened.upper - screened.lower


@pytest.mark.parametrize(
    ("screen", "upper", "lower", "label"),
    [
        (True, D("4.6"), D("-0.72"), "Screened, as NHSRplotthedots does"),
        (False, D("6.95"), D("-3.06"), "All kept, as the Making Data Count Excel tool does"),
    ],
)
def test_the_deviations_vignettes_outlier_example_gives_its_captioned_limits(screen, upper, lower, label):
    # vignettes/deviations.Rmd, "Treatment of outlying points": 18 daily points, one of them 10.
    values = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    result = analyse(series(values), polarity="higher", screen_outliers=screen)
    limits = result.latest.limits
    drawn = (round(limits.upper, 2), round(limits.mean, 2), round(limits.lower, 2))
    assert drawn == (upper, D("1.94"), lower)
    assert [p.klass for p in result.points].count(PointClass.IMPROVEMENT) == 1
    assert result.points[4].klass is PointClass.IMPROVEMENT
    assert result.moving_ranges.label == label
    assert result.segments[0].screened == (2 if screen else 0)


def test_the_two_sigma_line_is_two_thirds_of_the_way_to_the_limit():
    limits = xmr_limits(RNORM_20)
    mr_bar = (limits.upper - limits.mean) / D("2.66")
    assert round(limits.upper_two_sigma - limits.mean, 20) == round(D("2.66") * 2 / 3 * mr_bar, 20)


# --- fixed baseline: fix_after_n_points --------------------------------------------------------


def test_fixing_after_twelve_points_takes_the_limits_from_the_first_twelve():
    # test-ptd_spc_standard.R "setting fix_after_n_points changes the calculations".
    moving = analyse(series(RNORM_20), polarity="higher")
    fixed = analyse(series(RNORM_20), polarity="higher", fix_after=12)
    first_twelve = xmr_limits(RNORM_20[:12])
    assert fixed.latest.limits == first_twelve
    assert fixed.latest.limits.lower != moving.latest.limits.lower
    assert round(first_twelve.mean, 8) == D("0.19417934")
    segment = fixed.segments[0]
    assert (segment.baseline_start, segment.baseline_end) == (month(0), month(11))
    assert segment.baseline_points == 12
    assert segment.fixed
    assert not moving.segments[0].fixed


def test_a_fixed_baseline_keeps_a_sustained_shift_from_pulling_the_mean_after_it():
    values = [10, 12] * 6 + [17, 19] * 6
    moving = analyse(series(values), polarity="higher")
    fixed = analyse(series(values), polarity="higher", fix_after=12)
    # Fixed on 10, 12, ...: mean 11, upper limit 11 + 2.66 x 2 = 16.32, so every later month is beyond it.
    assert fixed.latest.limits.mean == 11
    assert [p.rule for p in fixed.points[12:]] == [Rule.BEYOND_LIMIT] * 12
    assert fixed.latest.klass is PointClass.IMPROVEMENT
    # Moving with every month, the mean follows the shift to 14.5 and no later month is beyond a limit.
    assert moving.latest.limits.mean == D("14.5")
    assert all(p.rule is not Rule.BEYOND_LIMIT for p in moving.points[12:])


def test_the_limits_cannot_be_fixed_on_fewer_than_the_minimum_of_points():
    # ptd_spc_options: "fix_after_n_points must be ... greater than or equal to 12".
    with pytest.raises(ValueError, match="fewer than 12 points"):
        analyse(series(RNORM_20), polarity="higher", fix_after=11)


def test_a_baseline_period_fixes_the_limits_on_its_months():
    values = [10, 12] * 6 + [13, 15] * 6
    period = (month(0), month(11))
    result = analyse(series(values), polarity="higher", baseline_period=period)
    assert result.latest.limits.mean == 11
    assert (result.segments[0].baseline_start, result.segments[0].baseline_end) == period
    assert result.baseline_period == period


def test_a_baseline_period_with_too_few_figures_falls_back_to_the_first_figures_with_a_note():
    values = [10, 12] * 9
    result = analyse(series(values), polarity="higher", baseline_period=(month(-6), month(5)))
    segment = result.segments[0]
    assert segment.baseline_points == 12
    assert segment.baseline_end == month(11)
    assert segment.note == (
        "Only 6 figures from July 2014 to June 2015: at least 12 are needed to fix the limits,"
        " so they are fixed on the first 12 figures instead."
    )


# --- rebasing: test-ptd_spc_standard.R "it sets the rebase_group field" ------------------------

REBASED = [10, 12] * 8 + [20, 22] * 8


def test_a_rebase_starts_a_new_group_with_its_own_limits_and_keeps_its_reason():
    event = RebaseAt(on=month(16), label="New front door", reason="Referral route changed")
    result = analyse(series(REBASED), polarity="higher", rebase_at=[event])
    assert [p.segment for p in result.points] == [0] * 16 + [1] * 16
    assert [s.mean for s in result.segments] == [11, 21]
    assert result.segments[1].reason == "Referral route changed"
    assert result.rebases[0].cause == "Referral route changed"


def test_with_a_fixed_baseline_each_group_after_a_rebase_is_fixed_on_its_own_first_points():
    values = [10, 12] * 8 + [20, 22] * 6 + [30, 30, 30, 30]
    result = analyse(series(values), polarity="higher", rebase_at=[month(16)], fix_after=12)
    first, second = result.segments
    assert (first.baseline_points, second.baseline_points) == (12, 12)
    assert second.baseline_start == month(16)
    assert second.baseline_end == month(27)
    assert second.mean == 21
    assert [p.klass for p in result.points[-4:]] == [PointClass.IMPROVEMENT] * 4
    unfixed = analyse(series(values), polarity="higher", rebase_at=[month(16)])
    assert unfixed.segments[1].mean > 21


# --- two of three: test-ptd_calculate_point_type.R and test-ptd_spc_standard.R -----------------


@pytest.mark.parametrize(
    ("close", "expected"),
    [
        ([1, 0, 1], [1, 0, 1]),
        ([0, 1, 1], [0, 1, 1]),
        ([1, 1, 0], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [0, 0, 1, 1, 0, 0, 0]),
        ([1, 0, 0, 1], [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1]),
    ],
)
def test_two_of_three_flags_the_close_points_as_ptd_part_of_two_in_three(close, expected):
    values = [CLOSE if c else ABOVE for c in close]
    assert flagged(values, Rule.TWO_OF_THREE) == expected


@pytest.mark.parametrize(
    "values",
    [
        [CLOSE, BELOW, CLOSE],
        [BELOW, CLOSE, CLOSE, BELOW, CLOSE, BELOW, CLOSE],
    ],
)
def test_two_of_three_is_not_flagged_when_the_window_straddles_the_mean(values):
    assert flagged(values, Rule.TWO_OF_THREE) == [0] * len(values)


def test_two_points_close_to_opposite_limits_are_common_cause():
    # test-ptd_spc_standard.R: symmetrical data, then 5.5 and -5.5 at the end.
    values = [1, -1] * 7 + [D("5.5"), D("-5.5")]
    result = analyse(series(values), polarity="higher")
    assert [p.klass for p in result.points[-2:]] == [PointClass.COMMON_CAUSE] * 2


# --- runs and trends: ptd_seven_point_one_side_mean, ptd_seven_point_trend ----------------------


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        ([1] * 6, [0] * 6),
        ([1] * 6 + [-1], [0] * 7),
        ([1] * 8 + [-1], [1] * 8 + [0]),
        ([-1] * 8 + [1], [1] * 8 + [0]),
    ],
)
def test_seven_points_on_one_side_flag_the_whole_run(sides, expected):
    values = [ABOVE if s > 0 else BELOW for s in sides]
    assert flagged(values, Rule.SHIFT) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (list(range(1, 7)), [0] * 6),
        ([1, 2, 3, 3, 4, 5, 6], [0] * 7),
        (list(range(1, 8)), [1] * 7),
        ([2, *range(1, 8), 3], [0, 1, 1, 1, 1, 1, 1, 1, 0]),
        (list(range(7, 0, -1)), [1] * 7),
    ],
)
def test_seven_points_rising_or_falling_flag_the_whole_trend(values, expected):
    wide = Limits(mean=D(4), lower=D(-100), upper=D(100), sigma=D(30))
    assert flagged([D(v) for v in values], Rule.TREND, wide) == expected


def test_the_turning_point_goes_to_the_following_trend():
    # ptd_special_cause_type: "if a point is part of a trend either side, use right side".
    wide = Limits(mean=D(4), lower=D(-100), upper=D(100), sigma=D(30))
    values = [D(v) for v in [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]]
    directions = [found[Rule.TREND] for found in rules_of(values, wide)]
    assert directions == [1] * 6 + [-1] * 7


def test_a_point_before_a_flat_step_keeps_the_trend_it_ends():
    # A deliberate difference: the package reads the flat step after the peak as "decreasing".
    wide = Limits(mean=D(4), lower=D(-100), upper=D(100), sigma=D(30))
    values = [D(v) for v in [1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1]]
    directions = [found[Rule.TREND] for found in rules_of(values, wide)]
    assert directions == [1] * 7 + [-1] * 7


# --- precedence: ptd_special_cause_type's case_when --------------------------------------------


def test_beyond_a_limit_outranks_a_trend():
    values = [D(v) for v in [42, 43, 44, 45, 46, 47, 60]]
    assert rules_of(values)[-1] == {Rule.BEYOND_LIMIT: 1, Rule.TREND: 1}
    assert flag(values, [WIDE] * 7)[-1].rule is Rule.BEYOND_LIMIT


def test_a_trend_outranks_two_of_three_and_a_shift_the_other_way():
    # Rising below the mean: a trend up, a run below and two of three close to the lower limit.
    values = [D(v) for v in [42, 43, 45, 46, 47, 48, 49]]
    first = flag(values, [WIDE] * 7)[0]
    assert dict(first.rules) == {Rule.TREND: 1, Rule.TWO_OF_THREE: -1, Rule.SHIFT: -1}
    assert (first.rule, first.direction) == (Rule.TREND, 1)


def test_two_of_three_outranks_a_shift():
    values = [ABOVE, D(52), ABOVE, D(52), ABOVE, CLOSE, CLOSE]
    latest = flag(values, [WIDE] * 7)[-1]
    assert dict(latest.rules) == {Rule.TWO_OF_THREE: 1, Rule.SHIFT: 1}
    assert latest.rule is Rule.TWO_OF_THREE


def test_the_rules_rank_in_the_packages_order():
    assert list(Rule) == [Rule.BEYOND_LIMIT, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT]


# --- assurance: test-ptd_calculate_assurance_type.R ---------------------------------------------

GROUPS = [  # (lower, mean, upper) of the package's groups a, b and c, target 4
    Limits(mean=D(2), lower=D(1), upper=D(3), sigma=D(1) / 3),
    Limits(mean=D(6), lower=D(5), upper=D(7), sigma=D(1) / 3),
    Limits(mean=D(4), lower=D(1), upper=D(5), sigma=D(1)),
]


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        ("higher", [Assurance.CONSISTENTLY_MISSED, Assurance.CONSISTENTLY_MET, Assurance.HIT_AND_MISS]),
        ("lower", [Assurance.CONSISTENTLY_MET, Assurance.CONSISTENTLY_MISSED, Assurance.HIT_AND_MISS]),
        ("context", [None, None, None]),
    ],
)
def test_assurance_matches_the_packages_cases(polarity, expected):
    assert [assurance_of(limits, 4, polarity) for limits in GROUPS] == expected


@pytest.mark.parametrize("screen", [True, False])
@pytest.mark.parametrize(("polarity", "target"), [("higher", 30), ("lower", 30), ("higher", 5)])
def test_a_constant_series_is_hit_and_miss_whatever_the_target(screen, polarity, target):
    result = analyse(series([20] * 14), polarity=polarity, target=target, screen_outliers=screen)
    assert result.assurance is Assurance.HIT_AND_MISS
    assert {p.klass for p in result.points} == {PointClass.COMMON_CAUSE}


def test_assurance_after_a_rebase_uses_the_latest_group():
    result = analyse(series(REBASED), polarity="higher", rebase_at=[month(16)], target=15)
    assert result.assurance is Assurance.CONSISTENTLY_MET


# --- short series: ptd_add_short_group_warnings -------------------------------------------------


def test_a_short_series_draws_no_limits_and_counts_the_months_to_come():
    result = analyse(series([10, 12, 11]), polarity="higher", target=11)
    assert not result.ready
    assert all(p.limits is None and p.klass is None for p in result.points)
    assert result.points_to_come == 9
    assert result.reason == (
        "Only 3 points: 9 more are needed before process limits can be drawn (at least 12)."
    )
    assert result.moving_ranges is MovingRanges.SCREENED


def test_a_rebase_into_a_group_too_short_for_limits_is_refused():
    result = analyse(series(REBASED), polarity="higher", rebase_at=[month(26)])
    assert not result.rebases[0].applied
    assert len(result.segments) == 1
    assert result.rebases[0].requested == dt.date(2017, 3, 1)
