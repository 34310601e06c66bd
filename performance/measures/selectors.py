"""Reads for the performance pages: one query per need, plain data out.

Only approved monthly values leave this module. Series come back as ``analysis.Point`` lists
keyed by measure id, so the analysis and chart code never sees a model instance.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, QuerySet

from performance.judgement.analysis import Point, TargetSpan
from performance.models import BenchmarkValue, Comparator, Measure, MeasureValue, Target

# The comparators drawn on a measure's chart and used in the scorecard.
ANNUAL_COMPARATORS = (
    Comparator.COUNCIL,
    Comparator.ENGLAND,
    Comparator.REGION,
    Comparator.STATISTICAL_NEIGHBOURS,
)


def measures_active() -> QuerySet[Measure]:
    """Return the active measures in display order (one query when evaluated)."""
    return Measure.objects.filter(active=True).order_by("order", "code")


def measure_by_code(code: str) -> Measure | None:
    """Return the active measure with ``code``, or None."""
    return Measure.objects.filter(active=True, code=code).first()


def _ids(measure_ids: Iterable[int] | None) -> list[int] | None:
    return None if measure_ids is None else list(measure_ids)


@dataclass(frozen=True)
class ApprovedValues:
    """Approved monthly values per measure id (oldest first), and the provenances among them."""

    series: dict[int, list[Point]]
    provenances: dict[int, set[str]]

    def of(self, measure_id: int) -> list[Point]:
        return self.series.get(measure_id, [])

    def provenances_of(self, measure_id: int) -> set[str]:
        return self.provenances.get(measure_id, set())


def approved_values(measure_ids: Iterable[int] | None = None) -> ApprovedValues:
    """Return the approved monthly values of the measures (all when None). One query.

    Drafts, submitted and returned values are never returned.
    """
    rows = MeasureValue.objects.approved().order_by("measure_id", "period")
    ids = _ids(measure_ids)
    if ids is not None:
        rows = rows.filter(measure_id__in=ids)
    series: dict[int, list[Point]] = defaultdict(list)
    provenances: dict[int, set[str]] = defaultdict(set)
    for measure_id, period, value, provenance in rows.values_list(
        "measure_id", "period", "value", "provenance"
    ):
        series[measure_id].append(Point(period, value))
        provenances[measure_id].add(provenance)
    return ApprovedValues(dict(series), dict(provenances))


def latest_approved_period() -> dt.date | None:
    """Return the latest month any measure has an approved value for (None before the first)."""
    return MeasureValue.objects.approved().aggregate(latest=Max("period"))["latest"]


def approved_count_since(since: dt.datetime) -> int:
    """Return how many monthly values were approved at or after ``since``. One query."""
    return MeasureValue.objects.approved().filter(approved_at__gte=since).count()


def targets_by_measure(measure_ids: Iterable[int] | None = None) -> dict[int, list[TargetSpan]]:
    """Return each measure's targets, earliest first. One query."""
    rows = Target.objects.order_by("measure_id", "valid_from")
    ids = _ids(measure_ids)
    if ids is not None:
        rows = rows.filter(measure_id__in=ids)
    targets: dict[int, list[TargetSpan]] = defaultdict(list)
    for measure_id, value, tolerance, start, end, provenance in rows.values_list(
        "measure_id", "value", "tolerance", "valid_from", "valid_to", "provenance"
    ):
        targets[measure_id].append(TargetSpan(value, tolerance, start, end, provenance))
    return targets


AnnualSeries = dict[str, dict[int, Decimal]]


def annual_figures(measure_ids: Iterable[int] | None = None) -> dict[int, AnnualSeries]:
    """Return published annual figures: ``{measure_id: {comparator: {year: value}}}``. One query.

    Suppressed figures (no value) are left out; individual local authorities are not included.
    """
    rows = BenchmarkValue.objects.filter(comparator__in=ANNUAL_COMPARATORS, value__isnull=False).order_by(
        "measure_id", "year"
    )
    ids = _ids(measure_ids)
    if ids is not None:
        rows = rows.filter(measure_id__in=ids)
    figures: dict[int, AnnualSeries] = defaultdict(lambda: defaultdict(dict))
    for measure_id, comparator, year, value in rows.values_list("measure_id", "comparator", "year", "value"):
        figures[measure_id][comparator][year] = value
    return figures


def annual_sources(measure_id: int) -> list[str]:
    """Return the distinct sources cited by a measure's annual figures. One query."""
    return sorted(
        s
        for s in BenchmarkValue.objects.filter(measure_id=measure_id)
        .order_by()
        .values_list("source", flat=True)
        .distinct()
        if s
    )
