"""One judgement per measure and period: the only place RAG, direction, comparisons, SPC verdicts
and assurance are decided. Pure functions on plain data; nothing here reads the database.

Every badge, table, sentence, pack and export reads a ``Judgement``, so none can disagree.
The rounding rule (``basis.shown``): each figure is rounded to the measure's decimal places,
half up, before it is compared with anything; the page prints exactly the figures compared.

- RAG judges the figure the target is set on: the month's, or the year's (rolling 12 months).
- England, region and neighbours are compared with the council's figure for the same DfE year,
  on the same basis, using only figures published by the period's "as at" date; a count is
  never compared (the areas differ in size: compare the rate).
- SPC variation and assurance come from ``performance.spc`` (computed by the caller with the
  target when the months are on its scale); where two verdicts look at odds, ``tension`` says
  which, so the words can say why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from core.choices import Rag
from performance.judgement.analysis import TargetSpan, target_for
from performance.judgement.basis import (
    Comparable,
    MonthFigure,
    add_months,
    comparables,
    judged_figure,
    month_end,
    months_on_year_scale,
    shown,
    year_end_month,
)
from performance.spc import Assurance, PointClass, Rule, SpcPoint, SpcResult, Variation, polarity_sign

HIGHER = "higher"
LOWER = "lower"
CONTEXT = "context"
COUNT_UNIT = "count"
COMPARATORS = ("england", "region", "neighbours")
COMPARATOR_NAMES = {"england": "England", "region": "the region", "neighbours": "statistical neighbours"}

TRAVEL_LABELS = {
    "improving": "Improving",
    "worsening": "Worsening",
    "unchanged": "No change",
    "up": "Up",
    "down": "Down",
    "unknown": "Not known",
}
MET, WITHIN_TOLERANCE, MISSED = "met", "within_tolerance", "missed"
RAG_OF_STANDING = {MET: Rag.GREEN, WITHIN_TOLERANCE: Rag.AMBER, MISSED: Rag.RED}


class MeasureLike(Protocol):
    """What a judgement reads of a measure (``performance.models.Measure`` fits)."""

    unit: str
    polarity: str
    decimal_places: int
    basis: str
    year_basis: str


@dataclass(frozen=True)
class Published:
    """A published annual figure: its value (None when withheld) and when DfE published it."""

    value: Decimal | None
    published_on: dt.date
    area_name: str = ""


@dataclass(frozen=True)
class Travel:
    """Direction of the month's figure against the latest month before it (rounded first).

    ``direction`` is improving, worsening or unchanged for a measure with a polarity; up, down
    or unchanged for a context-only one; unknown with nothing to compare with.
    """

    direction: str
    compared_with: dt.date | None = None

    @property
    def label(self) -> str:
        return TRAVEL_LABELS[self.direction]


@dataclass(frozen=True)
class TargetCheck:
    """The target in force and the figure it judges, both as shown."""

    value: Decimal
    tolerance: Decimal
    basis: str
    figure: Decimal
    figure_label: str
    standing: str
    provenance: str = ""

    @property
    def gap(self) -> Decimal:
        """How far the figure is from the target (always positive or zero)."""
        return abs(self.figure - self.value)


@dataclass(frozen=True)
class Comparison:
    """The council against a comparator for one DfE year, on the same basis, as shown.

    ``verdict``: better, worse or same (with a polarity); higher, lower or same (context only);
    unknown when no year has both figures published by the "as at" date; not_compared for a
    count. ``reason`` says why there is no verdict.
    """

    comparator: str
    verdict: str
    year: int | None = None
    council: Decimal | None = None
    other: Decimal | None = None
    area_name: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Judgement:
    """Everything decided about one measure in one period. Figures are as shown (rounded)."""

    period: dt.date
    as_at: dt.date
    unit: str
    polarity: str
    places: int
    basis: str
    year_basis: str
    value: Decimal
    comparable: Comparable | None
    target: TargetCheck | None
    rag: Rag | None
    rag_reason: str
    travel: Travel
    comparisons: Mapping[str, Comparison]
    spc_ready: bool = False
    spc_reason: str = ""
    spc_points: int = 0
    spc_min_points: int = 0
    point: SpcPoint | None = None
    variation: Variation | None = None
    close_to_limit: int = 0
    assurance: Assurance | None = None
    assurance_reason: str = ""
    rebased_from: dt.date | None = None
    rebase_label: str = ""
    illustrative: bool = False

    @property
    def england(self) -> Comparison:
        return self.comparisons["england"]

    @property
    def region(self) -> Comparison:
        return self.comparisons["region"]

    @property
    def neighbours(self) -> Comparison:
        return self.comparisons["neighbours"]

    @property
    def tension(self) -> str | None:
        """Which two verdicts look at odds, if any: the words must then say why both hold."""
        if self.rag is None:
            return None
        met = self.rag == Rag.GREEN
        if met and self.assurance == Assurance.CONSISTENTLY_MISSED:
            return "met_but_consistently_missed"
        if not met and self.assurance == Assurance.CONSISTENTLY_MET:
            return "missed_but_consistently_met"
        klass = self.point.klass if self.point is not None else None
        if met and klass == PointClass.CONCERN:
            return "met_but_concern"
        if not met and klass == PointClass.IMPROVEMENT:
            return "missed_but_improvement"
        return None


def standing(figure: Decimal, target: Decimal, tolerance: Decimal, polarity: str) -> str:
    """Return met, within_tolerance or missed; pass figures already rounded as shown."""
    shortfall = (target - figure) * polarity_sign(polarity)
    if shortfall <= 0:
        return MET
    return WITHIN_TOLERANCE if shortfall <= tolerance else MISSED


def verdict(council: Decimal, other: Decimal, polarity: str) -> str:
    """Return better, worse or same (higher, lower or same for context only), figures as shown."""
    if council == other:
        return "same"
    if polarity_sign(polarity) == 0:
        return "higher" if council > other else "lower"
    return "better" if (council - other) * polarity_sign(polarity) > 0 else "worse"


def travel(value: Decimal, previous: tuple[dt.date, Decimal] | None, polarity: str) -> Travel:
    """Return the direction of ``value`` against ``previous`` (period, value), both as shown."""
    if previous is None:
        return Travel("unknown")
    when, before = previous
    if value == before:
        return Travel("unchanged", when)
    if polarity_sign(polarity) == 0:
        return Travel("up" if value > before else "down", when)
    return Travel("improving" if verdict(value, before, polarity) == "better" else "worsening", when)


def _target_check(
    measure: MeasureLike,
    target: TargetSpan | None,
    period: dt.date,
    value: Decimal,
    figure: Comparable | None,
) -> tuple[TargetCheck | None, Rag | None, str]:
    if measure.polarity == CONTEXT:
        return None, None, "No RAG: context only"
    if target is None:
        return None, None, "No RAG: no target"
    places = measure.decimal_places
    judged = judged_figure(target.basis, value, figure)
    if judged is None:
        return (
            None,
            None,
            f"No RAG: the target is for the year, and the 12 months to {period:%B %Y} are not all in",
        )
    goal, judged = shown(target.value, places), shown(judged, places)
    found = standing(judged, goal, target.tolerance, measure.polarity)
    label = figure.label if target.basis == "year" and figure else ""
    check = TargetCheck(goal, target.tolerance, target.basis, judged, label, found, target.provenance)
    return check, RAG_OF_STANDING[found], ""


def _council_figure(
    year: int,
    council: Mapping[int, Published],
    own: Mapping[dt.date, Comparable],
    measure: MeasureLike,
    as_at: dt.date,
) -> Decimal | None:
    published = council.get(year)
    if published is not None and published.value is not None and published.published_on <= as_at:
        return published.value
    figure = own.get(year_end_month(year, measure.year_basis))
    return figure.value if figure is not None else None


def _compare(
    comparator: str,
    measure: MeasureLike,
    period: dt.date,
    as_at: dt.date,
    benchmarks: Mapping[str, Mapping[int, Published]],
    own: Mapping[dt.date, Comparable],
) -> Comparison:
    who = COMPARATOR_NAMES[comparator]
    if measure.unit == COUNT_UNIT:
        return Comparison(comparator, "not_compared", reason="Not compared: a count, and the sizes differ")
    others = benchmarks.get(comparator, {})
    council = benchmarks.get("council", {})
    places = measure.decimal_places
    for year in sorted(others, reverse=True):
        other = others[year]
        if other.value is None or other.published_on > as_at:
            continue
        if year_end_month(year, measure.year_basis) > period:
            continue
        mine = _council_figure(year, council, own, measure, as_at)
        if mine is None:
            continue
        ours, theirs = shown(mine, places), shown(other.value, places)
        return Comparison(
            comparator, verdict(ours, theirs, measure.polarity), year, ours, theirs, other.area_name
        )
    if not any(p.value is not None for p in others.values()):
        return Comparison(comparator, "unknown", reason=f"No figure for {who} is published")
    return Comparison(comparator, "unknown", reason=f"No figure for {who} published by {as_at:%-d %B %Y}")


def _spc_fields(spc: SpcResult | None, period: dt.date, has_target: bool, measure: MeasureLike) -> dict:
    if spc is None:
        return {"spc_reason": "No SPC for this measure."}
    latest = spc.latest
    point = latest if latest is not None and latest.period == period else None
    fields: dict = {
        "spc_ready": spc.ready,
        "spc_reason": spc.reason,
        "spc_points": sum(1 for p in spc.points if p.value is not None),
        "spc_min_points": spc.min_points,
        "point": point,
        "variation": spc.variation if point is not None else None,
        "assurance": spc.assurance if point is not None else None,
    }
    if point is not None and point.rule is Rule.TWO_OF_THREE:
        recent = [p for p in spc.points if p.limits is not None][-3:]
        fields["close_to_limit"] = sum(
            1 for p in recent if dict(p.rules).get(Rule.TWO_OF_THREE) == point.direction
        )
    applied = [r for r in spc.rebases if r.applied and r.start is not None]
    if applied:
        fields["rebased_from"], fields["rebase_label"] = applied[-1].start, applied[-1].label
    if fields["assurance"] is None:
        if not has_target:
            fields["assurance_reason"] = "No target" if measure.polarity != CONTEXT else "Context only"
        elif not spc.ready:
            fields["assurance_reason"] = spc.reason
        else:
            fields["assurance_reason"] = "Not judged: the target is for the year; a month is a twelfth of it"
    return fields


def assurance_target(measure: MeasureLike, target: TargetSpan | None) -> Decimal | None:
    """Return the target SPC's assurance may be judged against, or None when the months are
    not on its scale (a yearly target on a count or a rate, whose months are a twelfth of it)."""
    if target is None or measure.polarity == CONTEXT:
        return None
    if target.basis == "year" and not months_on_year_scale(measure.basis):
        return None
    return target.value


def judge_months(
    measure: MeasureLike,
    *,
    months: Sequence[MonthFigure],
    targets: Sequence[TargetSpan],
    benchmarks: Mapping[str, Mapping[int, Published]],
    population: Mapping[int, Decimal] | None = None,
    spc: SpcResult | None = None,
    as_at: dt.date | None = None,
    illustrative: bool = False,
) -> list[Judgement]:
    """Return the judgement of every month in ``months`` (oldest first).

    ``spc`` is the SPC of the months up to the last one: only the last month's judgement takes
    its variation and assurance. ``as_at`` (default: the end of each month) limits the
    benchmarks to those published by then; a pack passes the end of its period.
    """
    ordered = sorted(months, key=lambda m: m.period)
    own = comparables(measure.basis, ordered, population=population, year_basis=measure.year_basis)
    places = measure.decimal_places
    found: list[Judgement] = []
    previous: tuple[dt.date, Decimal] | None = None
    for index, month in enumerate(ordered):
        period = month.period
        when = as_at or month_end(period)
        value = shown(Decimal(month.value), places)
        figure = own.get(period)
        rounded = Comparable(shown(figure.value, places), period, figure.rolling) if figure else None
        target = target_for(targets, period)
        check, rag, rag_reason = _target_check(measure, target, period, value, rounded)
        last = index == len(ordered) - 1
        spc_fields = _spc_fields(spc if last else None, period, target is not None, measure)
        found.append(
            Judgement(
                period=period,
                as_at=when,
                unit=measure.unit,
                polarity=measure.polarity,
                places=places,
                basis=measure.basis,
                year_basis=measure.year_basis,
                value=value,
                comparable=rounded,
                target=check,
                rag=rag,
                rag_reason=rag_reason,
                travel=travel(value, previous, measure.polarity),
                comparisons={c: _compare(c, measure, period, when, benchmarks, own) for c in COMPARATORS},
                illustrative=illustrative,
                **spc_fields,
            )
        )
        previous = (period, value)
    return found


def judge(
    measure: MeasureLike,
    *,
    period: dt.date,
    months: Sequence[MonthFigure],
    targets: Sequence[TargetSpan],
    benchmarks: Mapping[str, Mapping[int, Published]],
    population: Mapping[int, Decimal] | None = None,
    spc: SpcResult | None = None,
    as_at: dt.date | None = None,
    illustrative: bool = False,
) -> Judgement | None:
    """Return the judgement of ``period``, or None when it has no figure. ``spc`` must stop at it."""
    upto = [m for m in months if m.period <= period]
    if not upto or max(m.period for m in upto) != period:
        return None
    return judge_months(
        measure,
        months=upto,
        targets=targets,
        benchmarks=benchmarks,
        population=population,
        spc=spc,
        as_at=as_at,
        illustrative=illustrative,
    )[-1]


@dataclass(frozen=True)
class RagChange:
    """A measure whose RAG differs between two months' judgements."""

    before: Rag | None
    after: Rag | None


def rag_change(judgements: Sequence[Judgement], month: dt.date) -> RagChange | None:
    """Return the change of RAG from the month before ``month`` to ``month``, or None when the
    same or when either month has no judgement (a missing month is not a change)."""
    by_period = {j.period: j for j in judgements}
    now = by_period.get(month)
    before = by_period.get(add_months(month, -1))
    if now is None or before is None or now.rag == before.rag:
        return None
    return RagChange(before.rag, now.rag)
