"""Reads that feed the judgement: approved months, targets, published figures, the child
population and SPC, each in one query whatever the number of measures, handed to the pure
``performance.judgement.judgement``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from performance.judgement.analysis import Point, TargetSpan
from performance.judgement.judgement import Judgement, judge_months
from performance.measures import selectors
from performance.measures.selectors import AnnualSeries, PublishedSeries, values_of
from performance.models import Measure
from performance.spc import SpcResult
from performance.spc.selectors import Series, series_and_spc


@dataclass(frozen=True)
class MeasureJudgements:
    """A measure's approved months, SPC, targets and published figures, and the judgement of
    every month (oldest first; only the last carries SPC's verdicts)."""

    measure: Measure
    months: list[Judgement]
    series: Series
    spc: SpcResult
    targets: list[TargetSpan]
    published: PublishedSeries

    @property
    def latest(self) -> Judgement | None:
        return self.months[-1] if self.months else None

    @property
    def points(self) -> list[Point]:
        return [Point(o.period, o.value) for o in self.series.observations]

    @property
    def annual(self) -> AnnualSeries:
        return values_of(self.published)

    @property
    def illustrative(self) -> bool:
        return self.series.illustrative


def judgements_for(
    measures: Iterable[Measure],
    *,
    up_to: dt.date | None = None,
    as_at: dt.date | None = None,
    min_points: int | None = None,
) -> dict[int, MeasureJudgements]:
    """Return every measure's judgements (by measure id) in four queries.

    ``up_to`` stops the months at a period; ``as_at`` (a pack's end) limits the published
    figures to those out by then (default: the end of each month judged).
    """
    chosen = list(measures)
    ids = [m.pk for m in chosen]
    targets = selectors.targets_by_measure(ids)
    published, population = selectors.published_and_population(ids)
    series, spc = series_and_spc(chosen, targets=targets, up_to=up_to, min_points=min_points)
    found = {}
    for m in chosen:
        own_targets = targets.get(m.pk, [])
        own_published = published.get(m.pk, {})
        months = judge_months(
            m,
            months=series[m.pk].observations,
            targets=own_targets,
            benchmarks=own_published,
            population=population,
            spc=spc[m.pk],
            as_at=as_at,
            illustrative=series[m.pk].illustrative,
        )
        found[m.pk] = MeasureJudgements(m, months, series[m.pk], spc[m.pk], own_targets, own_published)
    return found


def judgement_for(measure: Measure, period: dt.date) -> Judgement | None:
    """Return ``measure``'s judgement of ``period`` as at its end (four queries), or None when
    the month has no approved value."""
    latest = judgements_for([measure], up_to=period)[measure.pk].latest
    return latest if latest is not None and latest.period == period else None
