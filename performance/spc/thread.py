"""The golden thread: did a signal in the expected direction follow an action's completion?

The limits are frozen on the months before the action was completed (its baseline) and the
four rules are applied to the months from completion onwards against them, so a shift that
was already under way before the action does not count in its favour. The month in which the
action was completed counts as "after" when the action was completed on its first day, and as
"before" otherwise (the same rule as rebasing: the first whole month after the event).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from performance.spc.analysis import classify, plot_value, values_with_gaps
from performance.spc.limits import DEFAULT_MIN_POINTS, choose_chart, p_bar_of, p_point_limits, xmr_limits
from performance.spc.rules import DEFAULT_RUN, DEFAULT_TREND, flag
from performance.spc.types import Chart, Limits, Observation, PointClass


class ThreadVerdict(StrEnum):
    NOT_COMPLETE = "not_complete"
    TOO_FEW_BEFORE = "too_few_before"
    NO_CHANGE = "no_change"
    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    HIGHER = "higher"
    LOWER = "lower"

    @property
    def label(self) -> str:
        return {
            ThreadVerdict.NOT_COMPLETE: "Not complete yet",
            ThreadVerdict.TOO_FEW_BEFORE: "Too few months before completion to judge",
            ThreadVerdict.NO_CHANGE: "No detectable change yet",
            ThreadVerdict.IMPROVEMENT: "Improvement signal after completion",
            ThreadVerdict.CONCERN: "Concern signal after completion",
            ThreadVerdict.HIGHER: "Signal of higher figures after completion",
            ThreadVerdict.LOWER: "Signal of lower figures after completion",
        }[self]


_FROM_CLASS = {
    PointClass.IMPROVEMENT: ThreadVerdict.IMPROVEMENT,
    PointClass.CONCERN: ThreadVerdict.CONCERN,
    PointClass.NEITHER_HIGH: ThreadVerdict.HIGHER,
    PointClass.NEITHER_LOW: ThreadVerdict.LOWER,
}


@dataclass(frozen=True)
class ThreadResult:
    """The verdict, the latest signalling period after completion (if any) and the baseline."""

    verdict: ThreadVerdict
    signal_period: dt.date | None = None
    baseline_mean: Decimal | None = None
    points_after: int = 0


def action_effect(
    observations: Sequence[Observation],
    *,
    completed_on: dt.date | None,
    polarity: str,
    is_percentage: bool = False,
    chart: Chart | None = None,
    min_points: int = DEFAULT_MIN_POINTS,
    run_length: int = DEFAULT_RUN,
    trend_length: int = DEFAULT_TREND,
    step_months: int = 1,
    screen_outliers: bool = True,
) -> ThreadResult:
    """Return whether a signal followed ``completed_on`` in the measure's series.

    Not complete when ``completed_on`` is None; too few before when the baseline has fewer than
    ``min_points`` plottable months; otherwise the class of the latest signalling month after
    completion, or "no detectable change yet" when none signals. The baseline's moving ranges
    are screened or not as ``screen_outliers`` says (as in ``analyse``). Changes nothing.
    """
    if completed_on is None:
        return ThreadResult(ThreadVerdict.NOT_COMPLETE)
    ordered = sorted(observations, key=lambda o: o.period)
    chart = chart or choose_chart(is_percentage=is_percentage, observations=ordered)
    usable = [(o, v) for o in ordered for v, why in [plot_value(chart, o)] if not why]
    before = [(o, v) for o, v in usable if o.period < completed_on]
    after = [(o, v) for o, v in usable if o.period >= completed_on]

    baseline: list[Limits] | None = None
    mean: Decimal | None = None
    if chart is Chart.P:
        p_bar = p_bar_of([o.numerator for o, _ in before], [o.denominator for o, _ in before])
        if len(before) >= min_points and p_bar is not None:
            baseline = [p_point_limits(p_bar, o.denominator) for o, _ in after]
            mean = p_bar * 100
    else:
        frozen = xmr_limits(
            values_with_gaps(before, step_months), min_points=min_points, screen_outliers=screen_outliers
        )
        if frozen is not None:
            baseline, mean = [frozen] * len(after), frozen.mean
    if baseline is None:
        return ThreadResult(ThreadVerdict.TOO_FEW_BEFORE, points_after=len(after))
    flags = flag([v for _, v in after], baseline, run_length=run_length, trend_length=trend_length)
    signals = [(obs, fl) for (obs, _), fl in zip(after, flags, strict=True) if fl.rule is not None]
    if not signals:
        return ThreadResult(ThreadVerdict.NO_CHANGE, baseline_mean=mean, points_after=len(after))
    obs, fl = signals[-1]
    return ThreadResult(
        _FROM_CLASS[classify(fl.direction, polarity)],
        signal_period=obs.period,
        baseline_mean=mean,
        points_after=len(after),
    )
