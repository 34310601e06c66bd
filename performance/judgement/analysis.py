"""RAG, direction of travel and comparison with benchmarks: pure functions on plain data.

Every page, report and export takes these judgements from here, so they can never disagree.
Nothing here touches the database: callers pass dates, Decimals and the measure's polarity
(``"higher"``, ``"lower"`` or ``"context"``, the values of ``performance.models.Polarity``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.choices import Rag

HIGHER = "higher"
LOWER = "lower"
CONTEXT = "context"


@dataclass(frozen=True)
class Point:
    """One approved monthly value."""

    period: dt.date
    value: Decimal


@dataclass(frozen=True)
class TargetSpan:
    """A target with its tolerance, in force from ``valid_from`` to ``valid_to`` (open when None)."""

    value: Decimal
    tolerance: Decimal
    valid_from: dt.date
    valid_to: dt.date | None = None
    provenance: str = ""

    def covers(self, period: dt.date) -> bool:
        return self.valid_from <= period and (self.valid_to is None or period <= self.valid_to)


@dataclass(frozen=True)
class Travel:
    """Direction of travel of the latest value against the one before it.

    ``direction`` is ``improving``, ``worsening`` or ``unchanged`` for a measure with a
    polarity; ``up``, ``down`` or ``unchanged`` for a context-only measure; ``unknown`` when
    there is nothing to compare with. ``compared_with`` is the month compared against, which
    is not always the month before when months are missing.
    """

    direction: str
    compared_with: dt.date | None = None

    @property
    def label(self) -> str:
        return TRAVEL_LABELS[self.direction]


TRAVEL_LABELS = {
    "improving": "Improving",
    "worsening": "Worsening",
    "unchanged": "No change",
    "up": "Up",
    "down": "Down",
    "unknown": "Not known",
}


@dataclass(frozen=True)
class Comparison:
    """The council's figure against a comparator's for the same year.

    ``verdict`` is ``better``, ``worse`` or ``same`` for a measure with a polarity; ``higher``,
    ``lower`` or ``same`` for a context-only measure; ``unknown`` when a figure is missing.
    """

    verdict: str
    year: int | None = None
    council: Decimal | None = None
    comparator: Decimal | None = None


@dataclass(frozen=True)
class MeasureStatus:
    """Everything a scorecard row needs to say about one measure."""

    latest: Point | None
    target: TargetSpan | None
    rag: Rag | None
    travel: Travel
    england: Comparison
    neighbours: Comparison


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places))


def target_for(targets: Iterable[TargetSpan], period: dt.date) -> TargetSpan | None:
    """Return the target in force in ``period``, or None. Targets must not overlap (the model checks)."""
    for target in targets:
        if target.covers(period):
            return target
    return None


def rag_rating(value: Decimal | None, target: TargetSpan | None, polarity: str) -> Rag | None:
    """Return the RAG rating of ``value`` against ``target``, or None when no rating applies.

    Green when the value meets the target (equal counts as met); amber when it misses by no
    more than the tolerance; red beyond. Context-only measures, a missing value and a missing
    target give None: the page says "no RAG" rather than inventing one.
    """
    if value is None or target is None or polarity not in (HIGHER, LOWER):
        return None
    shortfall = target.value - value if polarity == HIGHER else value - target.value
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= target.tolerance:
        return Rag.AMBER
    return Rag.RED


def direction_of_travel(
    latest: Point | None, previous: Point | None, polarity: str, places: int = 1
) -> Travel:
    """Return the direction of ``latest`` against ``previous``, compared at the measure's precision.

    Values equal once rounded to ``places`` decimal places are "no change", so noise below
    the published precision never shows as improvement.
    """
    if latest is None or previous is None:
        return Travel("unknown")
    difference = _rounded(latest.value, places) - _rounded(previous.value, places)
    if difference == 0:
        return Travel("unchanged", previous.period)
    if polarity == CONTEXT:
        return Travel("up" if difference > 0 else "down", previous.period)
    better = difference > 0 if polarity == HIGHER else difference < 0
    return Travel("improving" if better else "worsening", previous.period)


def compare(
    council: Decimal | None,
    comparator: Decimal | None,
    polarity: str,
    places: int = 1,
    year: int | None = None,
) -> Comparison:
    """Return whether the council's figure is better or worse than the comparator's (same year)."""
    if council is None or comparator is None:
        return Comparison("unknown", year, council, comparator)
    difference = _rounded(council, places) - _rounded(comparator, places)
    if difference == 0:
        verdict = "same"
    elif polarity == CONTEXT:
        verdict = "higher" if difference > 0 else "lower"
    else:
        verdict = "better" if (difference > 0) == (polarity == HIGHER) else "worse"
    return Comparison(verdict, year, council, comparator)


def latest_common_year(council: Mapping[int, Decimal], comparator: Mapping[int, Decimal]) -> int | None:
    """Return the latest year for which both series have a figure, or None."""
    common = set(council) & set(comparator)
    return max(common) if common else None


def compare_latest_year(
    council: Mapping[int, Decimal], comparator: Mapping[int, Decimal], polarity: str, places: int = 1
) -> Comparison:
    """Compare the council with a comparator in the latest year both published a figure."""
    year = latest_common_year(council, comparator)
    if year is None:
        return Comparison("unknown")
    return compare(council[year], comparator[year], polarity, places, year)


def measure_status(
    *,
    series: Sequence[Point],
    targets: Sequence[TargetSpan],
    polarity: str,
    places: int = 1,
    council_annual: Mapping[int, Decimal] | None = None,
    england: Mapping[int, Decimal] | None = None,
    neighbours: Mapping[int, Decimal] | None = None,
) -> MeasureStatus:
    """Return a measure's status from its approved series (oldest first) and annual figures."""
    latest = series[-1] if series else None
    previous = series[-2] if len(series) > 1 else None
    target = target_for(targets, latest.period) if latest else None
    council_annual = council_annual or {}
    return MeasureStatus(
        latest=latest,
        target=target,
        rag=rag_rating(latest.value if latest else None, target, polarity),
        travel=direction_of_travel(latest, previous, polarity, places),
        england=compare_latest_year(council_annual, england or {}, polarity, places),
        neighbours=compare_latest_year(council_annual, neighbours or {}, polarity, places),
    )


def value_at(series: Sequence[Point], period: dt.date) -> Point | None:
    """Return the point for ``period`` in a series, or None when that month is missing."""
    for point in reversed(series):
        if point.period == period:
            return point
        if point.period < period:
            return None
    return None


def previous_month(period: dt.date) -> dt.date:
    """Return the first day of the month before ``period``."""
    return (period.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class RagChange:
    """A measure whose RAG rating differs between two months."""

    before: Rag | None
    after: Rag | None


def rag_change(
    series: Sequence[Point], targets: Sequence[TargetSpan], polarity: str, month: dt.date
) -> RagChange | None:
    """Return the change of RAG rating from the month before ``month`` to ``month``, or None.

    None when the rating is the same, or when either month has no value (a missing month is
    not a change of rating).
    """
    now = value_at(series, month)
    before = value_at(series, previous_month(month))
    if now is None or before is None:
        return None
    rag_now = rag_rating(now.value, target_for(targets, now.period), polarity)
    rag_before = rag_rating(before.value, target_for(targets, before.period), polarity)
    if rag_now == rag_before:
        return None
    return RagChange(rag_before, rag_now)
