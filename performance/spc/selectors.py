"""Reads that feed SPC, the golden thread and the commentary from the database.

Only APPROVED values are read. Each function costs a fixed number of queries whatever the
number of measures (see the query-count tests), then hands plain data to the pure functions in
``performance.spc`` and ``performance.judgement.commentary``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar

from django.conf import settings

from core.choices import ILLUSTRATIVE_PROVENANCES
from performance.judgement.analysis import Point
from performance.judgement.commentary import CommentaryFacts
from performance.measures.selectors import ApprovedValues
from performance.models import (
    BenchmarkValue,
    Comparator,
    Frequency,
    Measure,
    MeasureRebase,
    MeasureValue,
    Target,
    Unit,
    YearBasis,
)
from performance.spc import Observation, RebaseAt, SpcResult, ThreadResult, action_effect, analyse


class ActionLike(Protocol):
    """An improvement action as the golden thread reads it (the improvement app's ``Action``)."""

    pk: int
    code: str
    title: str
    completed_on: dt.date | None


STEP_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.ANNUAL: 12}
PERIOD_WORD = {Frequency.MONTHLY: "month", Frequency.QUARTERLY: "quarter", Frequency.ANNUAL: "year"}


@dataclass(frozen=True)
class Series:
    """A measure's approved observations, and whether any of them is illustrative."""

    observations: list[Observation]
    illustrative: bool


def _series(measure_ids: Sequence[int], up_to: dt.date | None = None) -> dict[int, Series]:
    """One query: the approved values of every measure, oldest first."""
    return _series_and_values(measure_ids, up_to)[0]


def _series_and_values(
    measure_ids: Sequence[int], up_to: dt.date | None = None
) -> tuple[dict[int, Series], ApprovedValues]:
    """One query: the approved values as SPC series and as the pages' ``ApprovedValues``."""
    values = MeasureValue.objects.approved().filter(measure_id__in=measure_ids)
    if up_to is not None:
        values = values.filter(period__lte=up_to)
    rows = values.order_by("measure_id", "period").values_list(
        "measure_id", "period", "value", "numerator", "denominator", "provenance"
    )
    found: dict[int, list[Observation]] = defaultdict(list)
    points: dict[int, list[Point]] = defaultdict(list)
    provenances: dict[int, set[str]] = defaultdict(set)
    for measure_id, period, value, numerator, denominator, provenance in rows:
        found[measure_id].append(Observation(period, value, numerator, denominator))
        points[measure_id].append(Point(period, value))
        provenances[measure_id].add(provenance)
    series = {
        mid: Series(found.get(mid, []), bool(provenances.get(mid, set()) & ILLUSTRATIVE_PROVENANCES))
        for mid in measure_ids
    }
    return series, ApprovedValues(dict(points), dict(provenances))


def _rebases(measure_ids: Sequence[int]) -> dict[int, list[RebaseAt]]:
    """One query: each measure's rebases as (first month, the event's title, the reason)."""
    rows = MeasureRebase.objects.filter(measure_id__in=measure_ids).values_list(
        "measure_id", "starts_on", "event__title", "reason"
    )
    found: dict[int, list[RebaseAt]] = defaultdict(list)
    for measure_id, starts_on, title, reason in rows:
        found[measure_id].append(RebaseAt(on=starts_on, label=title or "", reason=reason))
    return found


def _targets(measure_ids: Sequence[int]) -> dict[int, list[Target]]:
    """One query: every target of the measures."""
    found: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(measure_id__in=measure_ids).order_by("valid_from"):
        found[target.measure_id].append(target)
    return found


class TargetLike(Protocol):
    """A Target or an ``analysis.TargetSpan``: what the SPC and commentary read of a target."""

    value: Decimal
    tolerance: Decimal
    valid_from: dt.date
    valid_to: dt.date | None


TargetT = TypeVar("TargetT", bound=TargetLike)


def target_in_force(targets: Iterable[TargetT], period: dt.date) -> TargetT | None:
    """Return the target whose months include ``period``, or None."""
    return next(
        (t for t in targets if t.valid_from <= period and (t.valid_to is None or period <= t.valid_to)),
        None,
    )


def _analyse(
    measure: Measure, series: Series, rebases: list[RebaseAt], targets: Sequence[TargetLike], min_points: int
) -> SpcResult:
    latest = series.observations[-1].period if series.observations else None
    target = target_in_force(targets, latest) if latest else None
    return analyse(
        series.observations,
        polarity=measure.polarity,
        is_percentage=measure.unit == Unit.PERCENTAGE,
        rebase_at=rebases,
        target=target.value if target else None,
        min_points=min_points,
        step_months=STEP_MONTHS.get(measure.frequency, 1),
        screen_outliers=measure.screens_moving_ranges,
        fix_after=measure.baseline_points,
        baseline_period=measure.baseline_period,
    )


def spc_for_measures(
    measures: Iterable[Measure], *, up_to: dt.date | None = None, min_points: int | None = None
) -> dict[int, SpcResult]:
    """Return each measure's SPC (by measure id) from its approved values, in three queries.

    ``up_to`` stops the series at a month (for a report as at a date); ``min_points`` defaults
    to the SPC_MIN_POINTS setting.
    """
    chosen = list(measures)
    ids = [m.pk for m in chosen]
    minimum = settings.SPC_MIN_POINTS if min_points is None else min_points
    series, rebases, targets = _series(ids, up_to), _rebases(ids), _targets(ids)
    return {
        m.pk: _analyse(m, series[m.pk], rebases.get(m.pk, []), targets.get(m.pk, []), minimum) for m in chosen
    }


def spc_with_values(
    measures: Iterable[Measure], *, targets: Mapping[int, Sequence[TargetLike]]
) -> tuple[dict[int, SpcResult], ApprovedValues]:
    """Return each measure's SPC and its approved values for the pages, in two queries.

    ``targets`` (by measure id) come from ``selectors.targets_by_measure``, already read.
    """
    chosen = list(measures)
    ids = [m.pk for m in chosen]
    series, values = _series_and_values(ids)
    rebases = _rebases(ids)
    results = {
        m.pk: _analyse(m, series[m.pk], rebases.get(m.pk, []), targets.get(m.pk, []), settings.SPC_MIN_POINTS)
        for m in chosen
    }
    return results, values


def spc_for_measure(
    measure: Measure, *, up_to: dt.date | None = None, min_points: int | None = None
) -> SpcResult:
    """Return one measure's SPC from its approved values (three queries)."""
    return spc_for_measures([measure], up_to=up_to, min_points=min_points)[measure.pk]


def golden_thread(
    actions: Iterable[ActionLike], *, min_points: int | None = None
) -> dict[tuple[int, int], ThreadResult]:
    """Return the verdict for every (action id, measure id) an action names, in two queries."""
    chosen = list(actions)
    links = list(
        Measure.actions.through.objects.filter(action_id__in=[a.pk for a in chosen]).select_related("measure")
    )
    minimum = settings.SPC_MIN_POINTS if min_points is None else min_points
    series = _series(sorted({link.measure_id for link in links}))
    completed = {a.pk: a.completed_on for a in chosen}
    return {
        (link.action_id, link.measure_id): _effect(
            link.measure, series[link.measure_id], completed[link.action_id], minimum
        )
        for link in links
    }


def golden_thread_for_measure(
    measure: Measure, *, min_points: int | None = None
) -> list[tuple[ActionLike, ThreadResult]]:
    """Return the actions that name ``measure``, each with its verdict, in three queries."""
    actions = list(measure.actions.select_related("theme"))
    verdicts = golden_thread(actions, min_points=min_points)
    return [(action, verdicts[action.pk, measure.pk]) for action in actions]


def england_year(period: dt.date, basis: str) -> int:
    """Return the DfE year whose published figure covers ``period`` (2016 = year to March 2016)."""
    if basis == YearBasis.WORKFORCE:
        return period.year if period.month >= 9 else period.year - 1
    return period.year + 1 if period.month >= 4 else period.year


def england_label(year: int, basis: str) -> str:
    """Return how a DfE year reads: "2015/16" for a financial year, "September 2016" for workforce."""
    return f"September {year}" if basis == YearBasis.WORKFORCE else f"{year - 1}/{year % 100:02d}"


def commentary_facts(measure: Measure, period: dt.date) -> CommentaryFacts | None:
    """Return the facts for ``measure``'s commentary on ``period`` (four queries), or None.

    None when there is no approved value for that month. England's figure is the latest
    published one for the year covering the month, or an earlier year.
    """
    ids = [measure.pk]
    series = _series(ids, up_to=period)[measure.pk]
    targets = _targets(ids).get(measure.pk, [])
    spc = _analyse(measure, series, _rebases(ids).get(measure.pk, []), targets, settings.SPC_MIN_POINTS)
    england = dict(
        BenchmarkValue.objects.filter(
            measure=measure, comparator=Comparator.ENGLAND, year__lte=england_year(period, measure.year_basis)
        )
        .exclude(value__isnull=True)
        .values_list("year", "value")
    )
    return facts_from(measure, period, series, spc, targets, england)


def facts_from(
    measure: Measure,
    period: dt.date,
    series: Series,
    spc: SpcResult,
    targets: Sequence[TargetLike],
    england: Mapping[int, Decimal],
) -> CommentaryFacts | None:
    """Return the commentary facts from data already read (no query), or None.

    ``series`` and ``spc`` must stop at ``period``; None when ``period`` has no approved value.
    ``england`` is England's published figures by DfE year; the latest year covering the month,
    or an earlier one, is used.
    """
    latest = series.observations[-1] if series.observations else None
    if latest is None or latest.period != period:
        return None
    year = england_year(period, measure.year_basis)
    england_years = [y for y in england if y <= year and england[y] is not None]
    shown = max(england_years) if england_years else None
    target = target_in_force(targets, period)
    return CommentaryFacts(
        unit=measure.unit,
        polarity=measure.polarity,
        decimal_places=measure.decimal_places,
        period=period,
        value=latest.value,
        target=target.value if target else None,
        tolerance=target.tolerance if target else Decimal(0),
        england=england[shown] if shown is not None else None,
        england_label=england_label(shown, measure.year_basis) if shown is not None else "",
        spc=spc,
        illustrative=series.illustrative,
        period_word=PERIOD_WORD.get(measure.frequency, "month"),
    )


@dataclass(frozen=True)
class MeasureSpc:
    """What a measure's page needs beyond its basic figures: series, SPC, the facts for the
    latest month's commentary, and the actions that name the measure with their verdicts."""

    series: Series
    spc: SpcResult
    facts: CommentaryFacts | None
    thread: list[tuple[ActionLike, ThreadResult]]


def measure_spc(
    measure: Measure,
    *,
    targets: Sequence[TargetLike],
    england: Mapping[int, Decimal],
    min_points: int | None = None,
) -> MeasureSpc:
    """Return a measure's SPC bundle in three queries (values, rebases, actions naming it).

    ``targets`` and ``england`` come from the page's other selectors, so they are not read twice.
    """
    ids = [measure.pk]
    minimum = settings.SPC_MIN_POINTS if min_points is None else min_points
    series = _series(ids)[measure.pk]
    spc = _analyse(measure, series, _rebases(ids).get(measure.pk, []), list(targets), minimum)
    latest = series.observations[-1].period if series.observations else None
    facts = facts_from(measure, latest, series, spc, targets, england) if latest else None
    thread = [
        (action, _effect(measure, series, action.completed_on, minimum))
        for action in measure.actions.order_by("code")
    ]
    return MeasureSpc(series, spc, facts, thread)


def _effect(measure: Measure, series: Series, completed_on: dt.date | None, minimum: int) -> ThreadResult:
    return action_effect(
        series.observations,
        completed_on=completed_on,
        polarity=measure.polarity,
        is_percentage=measure.unit == Unit.PERCENTAGE,
        min_points=minimum,
        step_months=STEP_MONTHS.get(measure.frequency, 1),
        screen_outliers=measure.screens_moving_ranges,
    )
