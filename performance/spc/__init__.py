"""Statistical process control for measures, as in the NHS's "Making Data Count".

Pure functions on plain data (dates, Decimals, lists); nothing here reads the database.

- ``xmr_limits(values)``: XmR limits (mean +/- 2.66 x mean moving range), None when too few.
- ``p_limits(numerators, denominators)``: binomial p-chart limits per period, in percent.
- ``choose_chart(is_percentage=..., observations=...)``: p-chart or XmR.
- ``analyse(observations, polarity=..., ...)``: the whole chart: segments after rebasing,
  each point's rules and class, the variation verdict of the latest point and the assurance.
- ``action_effect(observations, completed_on=..., polarity=...)``: the golden thread verdict.

Decisions (tested in tests/performance/test_spc.py): a missing month breaks the moving range
but not a run or a trend (they count the points that are there); a point on the mean breaks a
run; equal neighbours break a trend; limits and two-sigma lines are strict; rule precedence is
trend, shift, two-of-three, beyond a limit (NHS England's Making Data Count ranking).
"""

from performance.spc.analysis import (
    analyse,
    assurance_of,
    classify,
    months_between,
    polarity_sign,
    variation_of,
)
from performance.spc.limits import DEFAULT_MIN_POINTS, choose_chart, p_limits, p_point_limits, xmr_limits
from performance.spc.rules import DEFAULT_RUN, DEFAULT_TREND
from performance.spc.thread import ThreadResult, ThreadVerdict, action_effect
from performance.spc.types import (
    RULE_PRECEDENCE,
    Assurance,
    Chart,
    Limits,
    Observation,
    PointClass,
    Rebase,
    RebaseAt,
    Rule,
    Segment,
    SpcPoint,
    SpcResult,
    Variation,
)

__all__ = [
    "DEFAULT_MIN_POINTS",
    "DEFAULT_RUN",
    "DEFAULT_TREND",
    "RULE_PRECEDENCE",
    "Assurance",
    "Chart",
    "Limits",
    "Observation",
    "PointClass",
    "Rebase",
    "RebaseAt",
    "Rule",
    "Segment",
    "SpcPoint",
    "SpcResult",
    "ThreadResult",
    "ThreadVerdict",
    "Variation",
    "action_effect",
    "analyse",
    "assurance_of",
    "choose_chart",
    "classify",
    "months_between",
    "p_limits",
    "p_point_limits",
    "polarity_sign",
    "variation_of",
    "xmr_limits",
]
