"""The four Making Data Count rules, applied to one segment of points against its limits.

Conventions (each has a test):
- Points are taken in order of period, skipping missing periods: a gap neither breaks nor
  extends a run or a trend (the chart simply has one point fewer).
- A point exactly on the mean is on neither side: it breaks a run (Making Data Count).
- Two equal points in a row break a trend: a trend needs every step to rise (or to fall).
- "Beyond a limit" and "close to a limit" are strict: a point exactly on a limit, or on the
  two-sigma line, is not beyond it.
- Two-of-three flags the points beyond two sigma in any three in a row with at least two of them
  beyond two sigma on the same side; the third point, wherever it lies, is not flagged.
- A point that triggers several rules takes the direction of the highest-ranking one
  (trend, then shift, then two-of-three, then beyond a limit); the point where a rise turns into
  a fall (or back) is part of both trends and keeps the one it completes.
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
    _mark_streaks(trends, steps, trend_length, Rule.TREND, found)
    _mark_streaks(runs, sides, run_length, Rule.SHIFT, found)

    near = [
        1 if v > lim.upper_two_sigma else (-1 if v < lim.lower_two_sigma else 0)
        for v, lim in zip(values, limits, strict=True)
    ]
    for end in range(2, count):
        window = range(end - 2, end + 1)
        for side in (1, -1):
            if sum(1 for i in window if near[i] == side) >= 2:
                for i in window:
                    if near[i] == side:
                        found[i].setdefault(Rule.TWO_OF_THREE, side)

    for i, (v, lim) in enumerate(zip(values, limits, strict=True)):
        if v > lim.upper:
            found[i][Rule.BEYOND_LIMIT] = 1
        elif v < lim.lower:
            found[i][Rule.BEYOND_LIMIT] = -1

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
