"""Process limits: XmR (individuals) and p-chart (binomial), and the choice between them.

All arithmetic is in ``Decimal`` with a generous precision, so a figure that equals the mean
compares equal to it and adding a constant to every figure moves the limits by exactly that
constant: no binary floating-point noise decides a run or a class.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Sequence
from decimal import Decimal

from performance.spc.types import Chart, Limits, Number, Observation

DEFAULT_MIN_POINTS = 12
XMR_SCALE = Decimal("2.66")  # 3 / d2 with d2 = 1.128, as Making Data Count rounds it
SCREEN_FACTOR = Decimal("3.267")  # D4 for n = 2: a moving range this many times the mean is screened
HUNDRED = Decimal(100)
CONTEXT = decimal.Context(prec=40)


def to_decimal(value: Number) -> Decimal:
    """Return ``value`` as a Decimal; floats go through ``str`` so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def moving_ranges(values: Sequence[Number | None]) -> list[Decimal]:
    """Return the absolute differences of adjacent values; none is taken across a ``None`` (a gap)."""
    pairs = itertools.pairwise(values)
    return [abs(to_decimal(b) - to_decimal(a)) for a, b in pairs if a is not None and b is not None]


def screen_ranges(ranges: Sequence[Decimal]) -> list[Decimal]:
    """Return the moving ranges below 3.267 x their mean, as NHSRplotthedots' ``screen_outliers``.

    The package keeps a range only when it is strictly below 3.267 times the mean of all the
    ranges, so when every range is zero none is kept. Changes nothing.
    """
    if not ranges:
        return []
    with decimal.localcontext(CONTEXT):
        ceiling = SCREEN_FACTOR * sum(ranges, Decimal(0)) / len(ranges)
        return [r for r in ranges if r < ceiling]


def xmr_limits(
    values: Sequence[Number | None], *, min_points: int = DEFAULT_MIN_POINTS, screen_outliers: bool = True
) -> Limits | None:
    """Return the XmR limits of ``values`` in order, or None with fewer than ``min_points``.

    ``None`` in the list marks a missing period: it counts for nothing and breaks the moving
    range, so no range is taken across a gap. The mean is the mean of the values; the limits
    are mean +/- 2.66 x the mean moving range, and sigma is a third of that distance. With
    ``screen_outliers`` (the NHSRplotthedots default) a moving range of 3.267 times the mean
    moving range or more is left out before the mean moving range is taken; without it every
    range counts (the Making Data Count Excel tool). When screening leaves no range (every
    range was zero) the mean moving range is zero and the limits sit on the mean. Returns None
    too when no two values are adjacent (no moving range at all). Changes nothing.
    """
    with decimal.localcontext(CONTEXT):
        present = [to_decimal(v) for v in values if v is not None]
        if len(present) < max(min_points, 2):
            return None
        ranges = moving_ranges(values)
        if not ranges:
            return None
        kept = screen_ranges(ranges) if screen_outliers else ranges
        mean = sum(present, Decimal(0)) / len(present)
        mr_bar = sum(kept, Decimal(0)) / len(kept) if kept else Decimal(0)
        return Limits(
            mean=mean,
            lower=mean - XMR_SCALE * mr_bar,
            upper=mean + XMR_SCALE * mr_bar,
            sigma=XMR_SCALE * mr_bar / 3,
        )


def p_usable(numerator: Number | None, denominator: Number | None) -> bool:
    """True when a period can go on a p-chart: both parts given and a positive denominator."""
    return numerator is not None and denominator is not None and to_decimal(denominator) > 0


def p_limits(
    numerators: Sequence[Number | None],
    denominators: Sequence[Number | None],
    *,
    min_points: int = DEFAULT_MIN_POINTS,
) -> list[Limits | None] | None:
    """Return per-period p-chart limits in percent, or None with fewer than ``min_points``.

    p-bar is the sum of the numerators over the sum of the denominators of the usable periods;
    each period's sigma is sqrt(p-bar (1 - p-bar) / n) for its own denominator n, so the limits
    widen when fewer children are counted. Limits are clipped to 0-100%. A period with no
    numerator, no denominator or a zero denominator gets None (it is excluded, not plotted as
    zero). Changes nothing.
    """
    if len(numerators) != len(denominators):
        raise ValueError("numerators and denominators must be the same length")
    if sum(1 for n, d in zip(numerators, denominators, strict=True) if p_usable(n, d)) < min_points:
        return None
    p_bar = p_bar_of(numerators, denominators)
    if p_bar is None:
        return None
    return [
        p_point_limits(p_bar, d) if p_usable(n, d) else None
        for n, d in zip(numerators, denominators, strict=True)
    ]


def p_point_limits(p_bar: Decimal, denominator: Number) -> Limits:
    """Return the p-chart limits, in percent, of a period with ``denominator`` around ``p_bar`` (0-1)."""
    with decimal.localcontext(CONTEXT):
        mean = p_bar * HUNDRED
        sigma = (p_bar * (1 - p_bar) / to_decimal(denominator)).sqrt() * HUNDRED
        return Limits(
            mean=mean,
            lower=max(Decimal(0), mean - 3 * sigma),
            upper=min(HUNDRED, mean + 3 * sigma),
            sigma=sigma,
        )


def p_bar_of(numerators: Sequence[Number | None], denominators: Sequence[Number | None]) -> Decimal | None:
    """Return sum of numerators / sum of denominators over the usable periods (0-1), or None."""
    with decimal.localcontext(CONTEXT):
        usable = [
            (to_decimal(n), to_decimal(d))
            for n, d in zip(numerators, denominators, strict=True)
            if p_usable(n, d)
        ]
        if not usable:
            return None
        return sum((n for n, _ in usable), Decimal(0)) / sum((d for _, d in usable), Decimal(0))


def choose_chart(*, is_percentage: bool, observations: Sequence[Observation]) -> Chart:
    """Return the p-chart for a percentage whose every period has a numerator and denominator.

    Anything else (counts, rates, days, or percentages recorded without their parts) gets an
    XmR chart. A zero denominator still counts as "given": that period is excluded from the
    p-chart and flagged, rather than switching the whole measure to XmR.
    """
    has_parts = all(o.numerator is not None and o.denominator is not None for o in observations)
    return Chart.P if is_percentage and observations and has_parts else Chart.XMR
