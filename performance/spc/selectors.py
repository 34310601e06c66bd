"""Reads that feed SPC and the golden thread from the database.

Only APPROVED values are read. Each function costs a fixed number of queries whatever the
number of measures (see the query-count tests), then hands plain data to the pure functions in
``performance.spc``. A target gives SPC's assurance only when the months are on its scale
(``performance.judgement.judgement.assurance_target``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings

from core.choices import ILLUSTRATIVE_PROVENANCES, Status
from performance.judgement.analysis import Point, target_for
from performance.judgement.judgement import assurance_target
from performance.measures.selectors import ApprovedValues
from performance.models import Frequency, Measure, MeasureRebase, MeasureValue, Target, Unit
from performance.spc import Observation, RebaseAt, SpcResult, ThreadResult, action_effect, analyse


class ActionLike(Protocol):
    """An improvement action as the golden thread reads it (the improvement app's ``Action``)."""

    pk: int
    code: str
    title: str
    status: str
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
    """A Target or an ``analysis.TargetSpan``: what SPC reads of a target."""

    value: Decimal
    tolerance: Decimal
    basis: str
    valid_from: dt.date
    valid_to: dt.date | None


def _analyse(
    measure: Measure, series: Series, rebases: list[RebaseAt], targets: Sequence[TargetLike], min_points: int
) -> SpcResult:
    latest = series.observations[-1].period if series.observations else None
    target = target_for(targets, latest) if latest else None
    return analyse(
        series.observations,
        polarity=measure.polarity,
        is_percentage=measure.unit == Unit.PERCENTAGE,
        rebase_at=rebases,
        target=assurance_target(measure, target),
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


def series_and_spc(
    measures: Iterable[Measure],
    *,
    targets: Mapping[int, Sequence[TargetLike]],
    up_to: dt.date | None = None,
    min_points: int | None = None,
) -> tuple[dict[int, Series], dict[int, SpcResult]]:
    """Return each measure's approved series and its SPC (by measure id), in two queries.

    ``targets`` (by measure id) come from ``selectors.targets_by_measure``, already read.
    """
    chosen = list(measures)
    ids = [m.pk for m in chosen]
    minimum = settings.SPC_MIN_POINTS if min_points is None else min_points
    series, rebases = _series(ids, up_to), _rebases(ids)
    results = {
        m.pk: _analyse(m, series[m.pk], rebases.get(m.pk, []), targets.get(m.pk, []), minimum) for m in chosen
    }
    return series, results


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
    by_id = {a.pk: a for a in chosen}
    return {
        (link.action_id, link.measure_id): _effect(
            link.measure, series[link.measure_id], by_id[link.action_id], minimum
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


def thread_for_measure(
    measure: Measure, series: Series, *, min_points: int | None = None
) -> list[tuple[ActionLike, ThreadResult]]:
    """Return the actions that name ``measure``, each with its verdict from ``series``. One query."""
    minimum = settings.SPC_MIN_POINTS if min_points is None else min_points
    return [
        (action, _effect(measure, series, action, minimum)) for action in measure.actions.order_by("code")
    ]


def _effect(measure: Measure, series: Series, action: ActionLike, minimum: int) -> ThreadResult:
    return action_effect(
        series.observations,
        completed_on=action.completed_on,
        undated=action.status == Status.COMPLETE and action.completed_on is None,
        polarity=measure.polarity,
        is_percentage=measure.unit == Unit.PERCENTAGE,
        min_points=minimum,
        step_months=STEP_MONTHS.get(measure.frequency, 1),
        screen_outliers=measure.screens_moving_ranges,
    )
