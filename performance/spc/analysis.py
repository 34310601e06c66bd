"""Put it together: segments (rebasing), baselines, limits, rules, point classes, the verdicts.

Missing periods: a period absent from the series (or, on a p-chart, one with no usable
denominator) is left out. It breaks the XmR moving range, so no range spans a gap, but runs,
trends and two-of-three are counted over the points that are there, in order.

Baselines, as NHSRplotthedots' ``fix_after_n_points``: with ``fix_after`` n, each segment's
mean and limits come from its first n figures and hold for the rest of it; a rebase starts a
new segment, fixed again on its first n. The package counts rows, missing ones included; here
the first n figures present are counted. With ``baseline_period`` (an analyst's choice such as
April 2014 to March 2015) the segment holding the period is fixed on the figures in it, and any
other segment on as many first figures as the period has months; a period holding fewer than
``min_points`` figures in its segment falls back to that segment's first figures, with a note.

Short series: with fewer than ``min_points`` plottable figures there are no limits and no
classes, only the reason and how many more figures are needed (``SpcResult.points_to_come``):
no limit is ever drawn from a handful of points.

Assurance, as ``ptd_calculate_assurance_type``: a target beyond the latest limits on the good
side is consistently met, on the bad side consistently missed, otherwise hit and miss
("inconsistent"). A series with no variation at all (sigma zero: every moving range zero) is
hit and miss whatever the target: the package reaches the same verdict in its default, screened
mode (its limits are undefined there), and a process that has not varied gives no evidence
either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from performance.spc.limits import (
    DEFAULT_MIN_POINTS,
    choose_chart,
    moving_ranges,
    p_bar_of,
    p_point_limits,
    p_usable,
    screen_ranges,
    to_decimal,
    xmr_limits,
)
from performance.spc.rules import DEFAULT_RUN, DEFAULT_TREND, flag
from performance.spc.types import (
    Assurance,
    Chart,
    Limits,
    MovingRanges,
    Number,
    Observation,
    PointClass,
    Rebase,
    RebaseAt,
    Segment,
    SpcPoint,
    SpcResult,
    Variation,
)

POLARITY_SIGN = {"higher": 1, "lower": -1, "context": 0}


def polarity_sign(polarity: str) -> int:
    """Return +1 when higher is better, -1 when lower is better, 0 for context-only measures."""
    try:
        return POLARITY_SIGN[str(polarity)]
    except KeyError:
        raise ValueError(f"unknown polarity {polarity!r}: expected higher, lower or context") from None


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Return the number of calendar months from ``earlier`` to ``later``."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def classify(direction: int, polarity: str) -> PointClass:
    """Return the class of a special-cause point pointing ``direction`` (+1 high, -1 low)."""
    if direction == 0:
        return PointClass.COMMON_CAUSE
    sign = polarity_sign(polarity)
    if sign == 0:
        return PointClass.NEITHER_HIGH if direction > 0 else PointClass.NEITHER_LOW
    return PointClass.IMPROVEMENT if direction == sign else PointClass.CONCERN


def variation_of(point: SpcPoint | None) -> Variation | None:
    """Return the Making Data Count variation icon for ``point`` (None when it has no class)."""
    if point is None or point.klass is None:
        return None
    high = point.direction > 0
    return {
        PointClass.COMMON_CAUSE: Variation.COMMON_CAUSE,
        PointClass.IMPROVEMENT: Variation.IMPROVEMENT_HIGH if high else Variation.IMPROVEMENT_LOW,
        PointClass.CONCERN: Variation.CONCERN_HIGH if high else Variation.CONCERN_LOW,
        PointClass.NEITHER_HIGH: Variation.NEITHER_HIGH,
        PointClass.NEITHER_LOW: Variation.NEITHER_LOW,
    }[point.klass]


def assurance_of(limits: Limits | None, target: Number | None, polarity: str) -> Assurance | None:
    """Return whether ``target`` will be met, from where it lies against the process limits.

    Beyond the limits on the good side: consistently met; beyond them on the bad side:
    consistently missed; on or inside them, or with limits of no width (a constant series):
    met or missed by chance. None without limits, without a target, or for a context-only
    measure (no good side).
    """
    sign = polarity_sign(polarity)
    if limits is None or target is None or sign == 0:
        return None
    if limits.sigma == 0:
        return Assurance.HIT_AND_MISS
    goal = to_decimal(target)
    good_side = goal < limits.lower if sign > 0 else goal > limits.upper
    bad_side = goal > limits.upper if sign > 0 else goal < limits.lower
    if good_side:
        return Assurance.CONSISTENTLY_MET
    if bad_side:
        return Assurance.CONSISTENTLY_MISSED
    return Assurance.HIT_AND_MISS


def plot_value(chart: Chart, obs: Observation) -> tuple[Decimal | None, str]:
    """Return the value to plot and, when it cannot be plotted, why."""
    if chart is Chart.XMR:
        return to_decimal(obs.value), ""
    if not p_usable(obs.numerator, obs.denominator):
        return None, "No denominator: left out of the p-chart."
    return to_decimal(obs.numerator) * 100 / to_decimal(obs.denominator), ""


def _resolve_rebases(
    periods: Sequence[dt.date], requests: Sequence[dt.date | RebaseAt], min_points: int
) -> list[Rebase]:
    """Accept each rebase (in date order) that leaves at least ``min_points`` on both sides."""
    asked = sorted((r if isinstance(r, RebaseAt) else RebaseAt(on=r) for r in requests), key=lambda r: r.on)
    outcomes: list[Rebase] = []
    segment_start = 0
    for request in asked:
        asked_for = {"requested": request.on, "label": request.label, "cause": request.reason}
        start = next((i for i, p in enumerate(periods) if p >= request.on), None)
        if start is None:
            reason = f"No figures from {request.on:%B %Y} onwards."
            outcomes.append(Rebase(**asked_for, applied=False, reason=reason))
            continue
        before, after = start - segment_start, len(periods) - start
        if before < min_points or after < min_points:
            side, count = ("before", before) if before < min_points else ("from", after)
            reason = (
                f"Only {count} points {side} {periods[start]:%B %Y}: at least {min_points} are needed"
                " on each side to recalculate the limits."
            )
            outcomes.append(Rebase(**asked_for, applied=False, reason=reason))
            continue
        outcomes.append(Rebase(**asked_for, applied=True, start=periods[start]))
        segment_start = start
    return outcomes


def values_with_gaps(rows: Sequence[tuple[Observation, Decimal]], step_months: int) -> list[Decimal | None]:
    """Return the values in order with None wherever periods are missing between two rows."""
    values: list[Decimal | None] = []
    for i, (obs, value) in enumerate(rows):
        if i and months_between(rows[i - 1][0].period, obs.period) > step_months:
            values.append(None)  # a missing period: no moving range across it
        values.append(value)
    return values


Row = tuple[Observation, Decimal]


def _baseline(
    rows: Sequence[Row],
    *,
    fix_after: int | None,
    period: tuple[dt.date, dt.date] | None,
    min_points: int,
    step_months: int,
) -> tuple[list[Row], str]:
    """Return the rows a segment's limits are computed from, and a note when the period fell short."""
    if period is None:
        return list(rows if fix_after is None else rows[:fix_after]), ""
    start, end = period
    inside = [row for row in rows if start <= row[0].period <= end]
    length = max(months_between(start, end) // step_months + 1, min_points)
    if not inside:
        return list(rows[:length]), ""
    if len(inside) >= min_points:
        return inside, ""
    note = (
        f"Only {len(inside)} figures from {start:%B %Y} to {end:%B %Y}: at least {min_points} are needed"
        f" to fix the limits, so they are fixed on the first {min(length, len(rows))} figures instead."
    )
    return list(rows[:length]), note


def _fit(
    chart: Chart, rows: Sequence[Row], baseline: Sequence[Row], *, screen_outliers: bool, step_months: int
) -> tuple[list[Limits], int] | None:
    """Return limits for every row from the ``baseline`` rows and how many moving ranges were screened.

    None when no limits can be set (no two adjacent periods in the baseline).
    """
    if chart is Chart.P:
        p_bar = p_bar_of([o.numerator for o, _ in baseline], [o.denominator for o, _ in baseline])
        if p_bar is None:
            return None
        return [p_point_limits(p_bar, to_decimal(o.denominator or 0)) for o, _ in rows], 0
    values = values_with_gaps(baseline, step_months)
    limits = xmr_limits(values, min_points=2, screen_outliers=screen_outliers)
    if limits is None:
        return None
    ranges = moving_ranges(values)
    screened = len(ranges) - len(screen_ranges(ranges)) if screen_outliers else 0
    return [limits] * len(rows), screened


def analyse(
    observations: Sequence[Observation],
    *,
    polarity: str,
    is_percentage: bool = False,
    chart: Chart | None = None,
    rebase_at: Sequence[dt.date | RebaseAt] = (),
    target: Number | None = None,
    min_points: int = DEFAULT_MIN_POINTS,
    run_length: int = DEFAULT_RUN,
    trend_length: int = DEFAULT_TREND,
    step_months: int = 1,
    screen_outliers: bool = True,
    fix_after: int | None = None,
    baseline_period: tuple[dt.date, dt.date] | None = None,
) -> SpcResult:
    """Return the SPC of a series: limits per segment, each point's rules and class, verdicts.

    ``observations`` may come in any order but hold one per period. ``chart`` defaults to
    ``choose_chart``. ``rebase_at`` asks for the limits to be recalculated from each date
    onwards (a rebase is refused, with its reason, unless every segment keeps ``min_points``).
    ``target`` (the one in force for the latest period) gives the assurance verdict.
    ``step_months`` is the measure's frequency (3 for quarterly) for spotting gaps.
    ``screen_outliers`` screens the moving ranges (the NHSRplotthedots default; False keeps
    them all, as the Making Data Count Excel tool); ``fix_after`` or ``baseline_period`` fixes
    each segment's limits on a baseline (see the module docstring); ``fix_after`` must be at
    least ``min_points``. With fewer than ``min_points`` plottable points, returns the points
    unclassed, a reason and how many more are needed. Changes nothing.
    """
    if fix_after is not None and fix_after < min_points:
        raise ValueError(f"limits cannot be fixed on fewer than {min_points} points, not {fix_after}")
    if fix_after is not None and baseline_period is not None:
        raise ValueError("fix the limits after n points or on a baseline period, not both")
    if baseline_period is not None and baseline_period[1] < baseline_period[0]:
        raise ValueError("a baseline period must end on or after its start")
    ordered = sorted(observations, key=lambda o: o.period)
    if len({o.period for o in ordered}) != len(ordered):
        raise ValueError("one observation per period, please: a period appears twice")
    chart = chart or choose_chart(is_percentage=is_percentage, observations=ordered)
    plotted = [(o, *plot_value(chart, o)) for o in ordered]
    usable: list[Row] = [(o, v) for o, v, why in plotted if not why and v is not None]
    excluded = {o.period: why for o, _, why in plotted if why}
    goal = None if target is None else to_decimal(target)
    options = {
        "moving_ranges": MovingRanges.SCREENED if screen_outliers else MovingRanges.ALL,
        "fix_after": fix_after,
        "baseline_period": baseline_period,
    }

    def unready(reason: str) -> SpcResult:
        points = tuple(SpcPoint(period=o.period, value=v, excluded=why) for o, v, why in plotted)
        return SpcResult(
            chart=chart, points=points, target=goal, min_points=min_points, reason=reason, **options
        )

    if len(usable) < min_points:
        still = min_points - len(usable)
        return unready(
            f"Only {len(usable)} points: {still} more {'is' if still == 1 else 'are'} needed before"
            f" process limits can be drawn (at least {min_points})."
        )

    rebases = _resolve_rebases([o.period for o, _ in usable], rebase_at, min_points)
    applied = [r for r in rebases if r.applied]
    starts = [0] + [next(i for i, (o, _) in enumerate(usable) if o.period == r.start) for r in applied]
    labels = [("", "")] + [(r.label, r.cause) for r in applied]
    bounds = list(zip(starts, [*starts[1:], len(usable)], strict=True))

    points: dict[dt.date, SpcPoint] = {}
    segments: list[Segment] = []
    for number, (first, last) in enumerate(bounds):
        rows = usable[first:last]
        baseline, note = _baseline(
            rows, fix_after=fix_after, period=baseline_period, min_points=min_points, step_months=step_months
        )
        fitted = _fit(chart, rows, baseline, screen_outliers=screen_outliers, step_months=step_months)
        if fitted is None:
            return unready("No two consecutive periods: the moving range cannot be measured.")
        kept, screened = fitted
        flags = flag([v for _, v in rows], kept, run_length=run_length, trend_length=trend_length)
        for (obs, value), lim, fl in zip(rows, kept, flags, strict=True):
            points[obs.period] = SpcPoint(
                period=obs.period,
                value=value,
                limits=lim,
                segment=number,
                side=fl.side,
                run=fl.run,
                trend_direction=fl.trend_direction,
                trend=fl.trend,
                rules=fl.rules,
                rule=fl.rule,
                direction=fl.direction,
                klass=classify(fl.direction, polarity),
            )
        segments.append(
            Segment(
                start=rows[0][0].period,
                end=rows[-1][0].period,
                points=len(rows),
                mean=kept[0].mean,
                label=labels[number][0],
                reason=labels[number][1],
                baseline_start=baseline[0][0].period,
                baseline_end=baseline[-1][0].period,
                baseline_points=len(baseline),
                screened=screened,
                note=note,
                fixed=fix_after is not None or baseline_period is not None,
            )
        )
    for period, why in excluded.items():
        points[period] = SpcPoint(period=period, value=None, excluded=why)
    ordered_points = tuple(points[o.period] for o in ordered)
    latest = [p for p in ordered_points if p.klass is not None][-1]
    return SpcResult(
        chart=chart,
        points=ordered_points,
        segments=tuple(segments),
        rebases=tuple(rebases),
        variation=variation_of(latest),
        assurance=assurance_of(latest.limits, goal, polarity),
        target=goal,
        min_points=min_points,
        **options,
    )
