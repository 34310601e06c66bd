"""The four Making Data Count rules, applied to one segment of points against its limits.

The rules are NHSRplotthedots' (R/ptd_calculate_point_type.R and R/ptd_spc_standard.R, read
at its release 0.2.0, and the examples in its tests/testthat): it is the reference
implementation of NHS England's Making Data Count charts whose code and tests are public, so
every rule here can be checked line by line against it (``manage.py spc`` prints the result in
its vocabulary).

- Beyond a limit: a point strictly above the upper or below the lower process limit.
- Trend: 7 points in a row, each strictly above (or below) the one before; every point of
  it is flagged. Two equal points in a row break a trend.
- Two of three: in any 3 points in a row that all lie on the same side of the average, at
  least 2 are close to a limit (beyond the two-sigma line, 2.66 x 2/3 mean moving ranges from
  the mean, but not beyond the process limit); those close points are flagged. A point beyond
  the limit is flagged by that rule and does not count towards two of three.
- Shift: 7 points in a row on the same side of the average; a point on the average breaks it.
- Precedence: a point flagged by several rules takes its direction from the first of beyond
  a limit, trend, two of three, shift (the package's order).
- A point that is the end of one trend and the start of another (the turning point) takes the
  direction of the following trend, as in the package.

Where this differs from the package, on purpose (each has a test):
- Points are taken in order of period, skipping missing periods: a gap neither breaks nor
  extends a run or a trend (the package, on a data frame with a missing value, gets NA there).
- A trend's direction is read from the steps that make the trend. The package reads the step
  to the next point whenever that point is in a trend too, so the last point of a rise that is
  followed by a flat step, or by a drop into a new rise, is labelled "decreasing" there although
  it is in no falling trend; here it keeps the rise it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from performance.spc.types import RULE_PRECEDENCE, Limits, Rule

DEFAULT_RUN = 7
DEFAULT_TREND = 7


@dataclass(frozen=True)
class Flags:
    """What the rules say about one point (see ``SpcPoint`` for the fields' meaning)."""

    side: int
    run: int
    trend_direction: int
    trend: int
    rules: tuple[tuple[Rule, int], ...]

    @property
    def rule(self) -> Rule | None:
        return self.rules[0][0] if self.rules else None

    @property
    def direction(self) -> int:
        return self.rules[0][1] if self.rules else 0


def _sign(difference: Decimal) -> int:
    return (difference > 0) - (difference < 0)


def _mark_streaks(lengths: list[int], signs: list[int], minimum: int, rule: Rule, found: list[dict]) -> None:
    """Mark every point of each streak (``lengths`` counted up to each point) of ``minimum`` or more."""
    for end, length in enumerate(lengths):
        if length >= minimum and (end + 1 == len(lengths) or lengths[end + 1] <= length):
            for index in range(end - length + 1, end + 1):
                found[index].setdefault(rule, signs[end])


def _mark_trends(steps: list[int], trend_length: int, found: list[dict]) -> None:
    """Mark each point of a trend with the direction of the trend it belongs to.

    ``steps[i]`` is the sign of the step from point i - 1 to point i. A step belongs to a trend
    when it lies in ``trend_length - 1`` steps in a row of the same sign. A point takes the
    direction of the step after it when that step is in a trend (so a turning point goes to the
    following trend), otherwise that of the step before it.
    """
    count = len(steps)
    in_trend = [False] * count
    needed = trend_length - 1
    for end in range(needed, count):
        window = steps[end - needed + 1 : end + 1]
        if window[0] != 0 and all(step == window[0] for step in window):
            for i in range(end - needed + 1, end + 1):
                in_trend[i] = True
    for i in range(count):
        after = i + 1 < count and in_trend[i + 1]
        if after:
            found[i][Rule.TREND] = steps[i + 1]
        elif in_trend[i]:
            found[i][Rule.TREND] = steps[i]


def flag(
    values: Sequence[Decimal],
    limits: Sequence[Limits],
    *,
    run_length: int = DEFAULT_RUN,
    trend_length: int = DEFAULT_TREND,
) -> list[Flags]:
    """Return the flags of each point of ``values`` against its own ``limits``. Changes nothing."""
    count = len(values)
    sides = [_sign(v - lim.mean) for v, lim in zip(values, limits, strict=True)]
    runs: list[int] = []
    for i, side in enumerate(sides):
        runs.append(0 if side == 0 else (runs[-1] + 1 if i and sides[i - 1] == side else 1))

    steps = [0] + [_sign(values[i] - values[i - 1]) for i in range(1, count)]
    trends: list[int] = []
    for i, step in enumerate(steps):
        if step == 0:
            trends.append(1)
        else:
            trends.append(trends[-1] + 1 if i > 1 and steps[i - 1] == step else 2)

    found: list[dict[Rule, int]] = [{} for _ in range(count)]
    beyond = [
        1 if v > lim.upper else (-1 if v < lim.lower else 0) for v, lim in zip(values, limits, strict=True)
    ]
    for i, direction in enumerate(beyond):
        if direction:
            found[i][Rule.BEYOND_LIMIT] = direction

    _mark_trends(steps, trend_length, found)

    close = [
        0 if beyond[i] else (1 if v > lim.upper_two_sigma else (-1 if v < lim.lower_two_sigma else 0))
        for i, (v, lim) in enumerate(zip(values, limits, strict=True))
    ]
    for end in range(2, count):
        window = range(end - 2, end + 1)
        side = sides[end]
        if side != 0 and all(sides[i] == side for i in window) and sum(1 for i in window if close[i]) >= 2:
            for i in window:
                if close[i]:
                    found[i][Rule.TWO_OF_THREE] = side

    _mark_streaks(runs, sides, run_length, Rule.SHIFT, found)

    return [
        Flags(
            side=sides[i],
            run=runs[i],
            trend_direction=steps[i] if trends[i] > 1 else 0,
            trend=trends[i],
            rules=tuple((rule, found[i][rule]) for rule in RULE_PRECEDENCE if rule in found[i]),
        )
        for i in range(count)
    ]
