"""Plain data for statistical process control: what goes in, what comes out.

Everything here is a frozen dataclass or a string enum, so results can be compared in tests,
cached, and serialised into a report snapshot without touching the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

Number = Decimal | int | float


class Chart(StrEnum):
    """The kind of control chart: XmR for counts and rates, p for percentages with num/den."""

    XMR = "xmr"
    P = "p"

    @property
    def label(self) -> str:
        return {Chart.XMR: "XmR chart (individuals)", Chart.P: "p-chart (proportions)"}[self]


class Rule(StrEnum):
    """The four Making Data Count rules, highest precedence first.

    The order is NHSRplotthedots' (``ptd_special_cause_type`` in its
    R/ptd_calculate_point_type.R): a point beyond a process limit, then a trend, then two of
    three close to a limit, then a run on one side of the average. A point that several rules
    flag takes its direction from the first of them.
    """

    BEYOND_LIMIT = "beyond_limit"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"
    SHIFT = "shift"

    @property
    def label(self) -> str:
        return {
            Rule.TREND: "Trend: 7 points rising or falling in a row",
            Rule.SHIFT: "Shift: 7 points in a row on one side of the average",
            Rule.TWO_OF_THREE: "2 of 3 points close to a process limit, on the same side of the average",
            Rule.BEYOND_LIMIT: "A point beyond a process limit",
        }[self]


RULE_PRECEDENCE: tuple[Rule, ...] = tuple(Rule)


class PointClass(StrEnum):
    """What one point says, read with the measure's polarity."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEITHER_HIGH = "neither_high"
    NEITHER_LOW = "neither_low"

    @property
    def label(self) -> str:
        return {
            PointClass.COMMON_CAUSE: "Common cause",
            PointClass.IMPROVEMENT: "Special cause: improvement",
            PointClass.CONCERN: "Special cause: concern",
            PointClass.NEITHER_HIGH: "Special cause: higher",
            PointClass.NEITHER_LOW: "Special cause: lower",
        }[self]


class Variation(StrEnum):
    """The Making Data Count variation icon for the latest point."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEITHER_HIGH = "neither_high"
    NEITHER_LOW = "neither_low"

    @property
    def label(self) -> str:
        return {
            Variation.COMMON_CAUSE: "Common cause: no significant change",
            Variation.IMPROVEMENT_HIGH: "Special cause: improving, higher figures",
            Variation.IMPROVEMENT_LOW: "Special cause: improving, lower figures",
            Variation.CONCERN_HIGH: "Special cause: concerning, higher figures",
            Variation.CONCERN_LOW: "Special cause: concerning, lower figures",
            Variation.NEITHER_HIGH: "Special cause: higher figures (neither better nor worse)",
            Variation.NEITHER_LOW: "Special cause: lower figures (neither better nor worse)",
        }[self]

    @property
    def needs_attention(self) -> bool:
        """True for a concerning signal: the scorecard sorts these first."""
        return self in {Variation.CONCERN_HIGH, Variation.CONCERN_LOW}


class Assurance(StrEnum):
    """Whether the process, as it runs, will meet the target."""

    CONSISTENTLY_MET = "met"
    HIT_AND_MISS = "hit_and_miss"
    CONSISTENTLY_MISSED = "missed"

    @property
    def label(self) -> str:
        return {
            Assurance.CONSISTENTLY_MET: "Target consistently met",
            Assurance.HIT_AND_MISS: "Target met or missed by chance",
            Assurance.CONSISTENTLY_MISSED: "Target consistently missed",
        }[self]


@dataclass(frozen=True)
class Observation:
    """One period's figure as recorded; numerator and denominator only for proportions."""

    period: dt.date
    value: Number
    numerator: Number | None = None
    denominator: Number | None = None


class MovingRanges(StrEnum):
    """Which moving ranges an XmR chart's limits are computed from."""

    SCREENED = "screened"
    ALL = "all"

    @property
    def label(self) -> str:
        return {
            MovingRanges.SCREENED: "Screened, as NHSRplotthedots does",
            MovingRanges.ALL: "All kept, as the Making Data Count Excel tool does",
        }[self]

    @property
    def sentence(self) -> str:
        """How the page says it, in one sentence."""
        return {
            MovingRanges.SCREENED: (
                "Moving ranges screened as NHSRplotthedots does: a moving range of 3.267 times the"
                " mean moving range or more is left out of the limits."
            ),
            MovingRanges.ALL: (
                "Every moving range counts towards the limits, as in NHS England's Making Data Count"
                " Excel tool."
            ),
        }[self]


@dataclass(frozen=True)
class RebaseAt:
    """A request to recalculate the limits from a date onwards, with the reason for it."""

    on: dt.date
    label: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Limits:
    """Centre line, process limits (mean +/- 3 sigma) and sigma, in the measure's units.

    On an XmR chart sigma is 2.66 / 3 of the mean moving range, so the two-sigma lines sit at
    2.66 x 2/3 mean moving ranges from the mean, as NHSRplotthedots draws them.
    """

    mean: Decimal
    lower: Decimal
    upper: Decimal
    sigma: Decimal

    @property
    def lower_two_sigma(self) -> Decimal:
        return self.mean - 2 * self.sigma

    @property
    def upper_two_sigma(self) -> Decimal:
        return self.mean + 2 * self.sigma


@dataclass(frozen=True)
class SpcPoint:
    """One period on the chart, with its limits and what the rules say about it.

    ``side`` is +1 above the mean, -1 below, 0 on it; ``run`` counts the points in a row on that
    side up to and including this one (0 on the mean). ``trend_direction`` is +1 rising, -1
    falling, 0 neither; ``trend`` counts the points in the current rise or fall, this one
    included (1 when the figure did not move). ``rules`` pairs each rule the point triggers with
    the direction it points (+1 high, -1 low), in precedence order; ``rule`` is the one that
    decides the class and ``direction`` its direction.
    """

    period: dt.date
    value: Decimal | None
    limits: Limits | None = None
    segment: int = 0
    side: int = 0
    run: int = 0
    trend_direction: int = 0
    trend: int = 1
    rules: tuple[tuple[Rule, int], ...] = ()
    rule: Rule | None = None
    direction: int = 0
    klass: PointClass | None = None
    excluded: str = ""


@dataclass(frozen=True)
class Segment:
    """A stretch of the series with its own limits (more than one after a rebase).

    The limits were computed from the ``baseline_points`` figures from ``baseline_start`` to
    ``baseline_end`` (all the segment's figures unless a baseline fixed them); ``screened``
    counts the moving ranges left out of them; ``fixed`` is True when a baseline holds them, so
    later figures do not move them. ``reason`` says why the limits were recalculated
    at ``start`` (empty for the first segment); ``note`` why a baseline could not be used as asked.
    """

    start: dt.date
    end: dt.date
    points: int
    mean: Decimal
    label: str = ""
    reason: str = ""
    baseline_start: dt.date | None = None
    baseline_end: dt.date | None = None
    baseline_points: int = 0
    screened: int = 0
    note: str = ""
    fixed: bool = False


@dataclass(frozen=True)
class Rebase:
    """What became of a rebase request: applied from ``start``, or refused with a ``reason``.

    ``cause`` is the reason the analyst gave for recalculating the limits.
    """

    requested: dt.date
    label: str
    applied: bool
    start: dt.date | None = None
    reason: str = ""
    cause: str = ""


@dataclass(frozen=True)
class SpcResult:
    """A measure's SPC: points, segments, rebases, and the verdicts for the latest point.

    ``reason`` says why there is no chart (too few points, with ``points_to_come`` more
    needed); it is empty when ``ready``. ``moving_ranges`` and ``fix_after`` (or
    ``baseline_period``) are the options the limits were computed with.
    """

    chart: Chart
    points: tuple[SpcPoint, ...]
    segments: tuple[Segment, ...] = ()
    rebases: tuple[Rebase, ...] = ()
    variation: Variation | None = None
    assurance: Assurance | None = None
    target: Decimal | None = None
    min_points: int = 12
    reason: str = ""
    moving_ranges: MovingRanges = MovingRanges.SCREENED
    fix_after: int | None = None
    baseline_period: tuple[dt.date, dt.date] | None = None

    @property
    def ready(self) -> bool:
        return not self.reason

    @property
    def points_to_come(self) -> int:
        """How many more plottable points the chart needs before limits are drawn (0 when ready)."""
        if self.ready:
            return 0
        plotted = sum(1 for p in self.points if p.value is not None)
        return max(self.min_points - plotted, 0)

    @property
    def latest(self) -> SpcPoint | None:
        """The last point that has a value on the chart, or None."""
        usable = [p for p in self.points if p.klass is not None]
        return usable[-1] if usable else None

    @property
    def signals(self) -> tuple[SpcPoint, ...]:
        """Every special-cause point, in order."""
        return tuple(p for p in self.points if p.rule is not None)
