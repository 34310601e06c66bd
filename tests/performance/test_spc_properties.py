"""Properties of the SPC module that hold for any series (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from performance.spc import PointClass, analyse, p_limits, xmr_limits
from tests.performance.spc_series import series

FAST = settings(max_examples=60, deadline=None)

figures = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
runs = st.lists(figures, min_size=12, max_size=36)
constants = st.decimals(min_value=-500, max_value=500, places=2, allow_nan=False, allow_infinity=False)
polarities = st.sampled_from(["higher", "lower", "context"])
options = st.fixed_dictionaries({"screen_outliers": st.booleans(), "fix_after": st.sampled_from([None, 12])})

SWAPPED = {
    PointClass.IMPROVEMENT: PointClass.CONCERN,
    PointClass.CONCERN: PointClass.IMPROVEMENT,
    PointClass.COMMON_CAUSE: PointClass.COMMON_CAUSE,
}


@FAST
@given(runs)
def test_xmr_limits_contain_the_mean(values):
    limits = xmr_limits(values)
    assert limits is not None
    assert limits.lower <= limits.mean <= limits.upper
    assert limits.sigma >= 0


@FAST
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 500)), min_size=12, max_size=36))
def test_p_chart_limits_contain_the_mean(parts):
    parts = [(min(n, d), d) for n, d in parts]
    limits = p_limits([n for n, _ in parts], [d for _, d in parts])
    assert limits is not None
    assert all(lim is not None and 0 <= lim.lower <= lim.mean <= lim.upper <= 100 for lim in limits)


@FAST
@given(st.lists(figures, min_size=2, max_size=36))
def test_screening_never_widens_the_limits(values):
    screened = xmr_limits(values, min_points=2)
    kept = xmr_limits(values, min_points=2, screen_outliers=False)
    assert screened is not None
    assert kept is not None
    assert screened.mean == kept.mean
    assert screened.upper - screened.lower <= kept.upper - kept.lower


@FAST
@given(runs, options)
def test_reversing_the_polarity_swaps_improvement_and_concern(values, chosen):
    higher = analyse(series(values), polarity="higher", **chosen)
    lower = analyse(series(values), polarity="lower", **chosen)
    assert [SWAPPED[p.klass] for p in higher.points] == [p.klass for p in lower.points]
    assert [p.rules for p in higher.points] == [p.rules for p in lower.points]


@FAST
@given(runs, constants, polarities, options)
def test_adding_a_constant_shifts_the_limits_and_changes_no_class(values, constant, polarity, chosen):
    before = analyse(series(values), polarity=polarity, **chosen)
    after = analyse(series([v + constant for v in values]), polarity=polarity, **chosen)
    for old, new in zip(before.points, after.points, strict=True):
        assert round(new.limits.mean - old.limits.mean, 20) == constant
        assert round(new.limits.lower - old.limits.lower, 20) == constant
        assert round(new.limits.upper - old.limits.upper, 20) == constant
        assert round(new.limits.sigma - old.limits.sigma, 20) == 0
        assert (new.klass, new.rules, new.run, new.trend) == (old.klass, old.rules, old.run, old.trend)
    assert after.variation is before.variation


@FAST
@given(runs, polarities)
def test_every_point_of_a_long_enough_series_gets_a_class(values, polarity):
    result = analyse(series(values), polarity=polarity)
    assert result.ready
    assert all(p.klass is not None for p in result.points)
    assert all((p.rule is None) == (p.klass is PointClass.COMMON_CAUSE) for p in result.points)
    assert result.variation is not None
    assert Decimal(0) <= min(p.value for p in result.points)
