"""Statistical process control for measures, as in the NHS's "Making Data Count".

Pure functions on plain data (dates, Decimals, lists); nothing here reads the database.

- ``xmr_limits(values, screen_outliers=...)``: XmR limits (mean +/- 2.66 x mean moving range,
  moving ranges screened or not), None when too few.
- ``p_limits(numerators, denominators)``: binomial p-chart limits per period, in percent.
- ``choose_chart(is_percentage=..., observations=...)``: p-chart or XmR.
- ``analyse(observations, polarity=..., ...)``: the whole chart: segments after rebasing, each
  fixed on its baseline, each point's rules and class, the variation verdict of the latest
  point and the assurance.
- ``action_effect(observations, completed_on=..., polarity=...)``: the golden thread verdict.

The reference followed is NHSRplotthedots, the NHS-R community's R package behind NHS
England's Making Data Count charts (its R/ptd_spc_standard.R for the limits, screening and
``fix_after_n_points``; R/ptd_calculate_point_type.R for the rules and their precedence;
R/ptd_calculate_assurance_type.R for assurance). It is followed rather than a written ranking
of the rules because its code and tests are public, so each rule can be read and checked
against it, and ``manage.py spc`` prints any series in its vocabulary for a line-by-line
comparison. Screening is a choice per measure: the package screens moving ranges by default,
NHS England's Excel tool keeps them all.

Where this differs from the package, on purpose (each tested in tests/performance/test_spc.py
and test_spc_reference.py): missing months are skipped by the rules rather than breaking them;
a trend's direction comes from the steps that make it (the package mislabels a point after a
flat step); the first n points of a baseline count figures present, not rows; a constant
series is hit and miss ("inconsistent") in both screening modes; no limit is drawn from fewer
than ``min_points`` figures (the package draws trial limits and warns); percentages with
numerators and denominators get a p-chart, which the package does not offer.
"""

from performance.spc.analysis import (
    analyse,
    assurance_of,
    classify,
    months_between,
    polarity_sign,
    variation_of,
)
from performance.spc.limits import (
    DEFAULT_MIN_POINTS,
    choose_chart,
    moving_ranges,
    p_limits,
    p_point_limits,
    screen_ranges,
    xmr_limits,
)
from performance.spc.rules import DEFAULT_RUN, DEFAULT_TREND
from performance.spc.thread import ThreadResult, ThreadVerdict, action_effect
from performance.spc.types import (
    RULE_PRECEDENCE,
    Assurance,
    Chart,
    Limits,
    MovingRanges,
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
    "MovingRanges",
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
    "moving_ranges",
    "p_limits",
    "p_point_limits",
    "polarity_sign",
    "screen_ranges",
    "variation_of",
    "xmr_limits",
]
