"""Reads for the performance pages: one query per need, plain data out.

Only approved monthly values leave this module. Series come back as ``analysis.Point`` lists
keyed by measure id, so the analysis and chart code never sees a model instance.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import CharField, DateField, DecimalField, IntegerField, Max, QuerySet, Value
from django.db.models.functions import Cast

from performance.judgement.analysis import Point, TargetSpan
from performance.judgement.basis import dfe_published_on
from performance.judgement.judgement import Published
from performance.models import BenchmarkValue, ChildPopulation, Comparator, Measure, MeasureValue, Target

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
class ValueDetail:
    """What a monthly value rests on: its provenance, and the counts of a ratio when entered."""

    provenance: str
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class ApprovedValues:
    """Approved monthly values per measure id (oldest first), and the provenances among them."""

    series: dict[int, list[Point]]
    provenances: dict[int, set[str]]
    details: dict[int, dict[dt.date, ValueDetail]] = field(default_factory=dict)

    def of(self, measure_id: int) -> list[Point]:
        return self.series.get(measure_id, [])

    def provenances_of(self, measure_id: int) -> set[str]:
        return self.provenances.get(measure_id, set())

    def details_of(self, measure_id: int) -> dict[dt.date, ValueDetail]:
        """Return each month's provenance and counts (empty when not read)."""
        return self.details.get(measure_id, {})


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
    details: dict[int, dict[dt.date, ValueDetail]] = defaultdict(dict)
    for measure_id, period, value, provenance, numerator, denominator in rows.values_list(
        "measure_id", "period", "value", "provenance", "numerator", "denominator"
    ):
        series[measure_id].append(Point(period, value))
        provenances[measure_id].add(provenance)
        details[measure_id][period] = ValueDetail(provenance, numerator, denominator)
    return ApprovedValues(dict(series), dict(provenances), dict(details))


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
    for measure_id, value, tolerance, start, end, provenance, basis in rows.values_list(
        "measure_id", "value", "tolerance", "valid_from", "valid_to", "provenance", "basis"
    ):
        targets[measure_id].append(TargetSpan(value, tolerance, start, end, provenance, basis))
    return targets


POPULATION = "population"  # marks the child population's rows among the published figures
AnnualSeries = dict[str, dict[int, Decimal]]
PublishedSeries = dict[str, dict[int, Published]]


def published_and_population(
    measure_ids: Iterable[int] | None = None,
) -> tuple[dict[int, PublishedSeries], dict[int, Decimal]]:
    """Return the published annual figures with their publication dates,
    ``{measure_id: {comparator: {year: Published}}}``, and the council's children under 18 by
    DfE year (the denominator of its rates). One query: the two tables are read together.

    Suppressed figures (no value) are left out; individual local authorities are not included.
    A figure without a recorded publication date takes DfE's usual calendar
    (``performance.judgement.basis.dfe_published_on``).
    """
    rows = BenchmarkValue.objects.filter(comparator__in=ANNUAL_COMPARATORS, value__isnull=False)
    ids = _ids(measure_ids)
    if ids is not None:
        rows = rows.filter(measure_id__in=ids)
    columns = (
        "measure_id",
        "comparator",
        "year",
        "value",
        "published_on",
        "area_name",
        "measure__year_basis",
    )
    figures_rows = rows.order_by().values_list(*columns)
    population_rows = (
        ChildPopulation.objects.filter(area_code=settings.COUNCIL_LA_CODE)
        .order_by()
        .annotate(
            measure_id=Value(None, output_field=IntegerField()),
            comparator=Value(POPULATION, output_field=CharField()),
            value=Cast("children", DecimalField(max_digits=14, decimal_places=4)),
            published_on=Value(None, output_field=DateField()),
            measure__year_basis=Value("", output_field=CharField()),
        )
        .values_list(*columns)
    )
    figures: dict[int, PublishedSeries] = defaultdict(lambda: defaultdict(dict))
    population: dict[int, Decimal] = {}
    for measure_id, comparator, year, value, published_on, area, year_basis in figures_rows.union(
        population_rows, all=True
    ):
        if comparator == POPULATION:
            population[year] = Decimal(value)
            continue
        when = published_on or dfe_published_on(year, year_basis)
        figures[measure_id][comparator][year] = Published(Decimal(value), when, area)
    return figures, population


def values_of(published: PublishedSeries) -> AnnualSeries:
    """Return the figures alone, ``{comparator: {year: value}}``, for tables and charts."""
    return {
        c: {y: p.value for y, p in years.items() if p.value is not None} for c, years in published.items()
    }


def annual_figures(measure_ids: Iterable[int] | None = None) -> dict[int, AnnualSeries]:
    """Return published annual figures: ``{measure_id: {comparator: {year: value}}}``. One query."""
    return {mid: values_of(found) for mid, found in published_and_population(measure_ids)[0].items()}


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
