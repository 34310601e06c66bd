"""Reads of benchmarks that the measure pages and packs need beside the annual figures."""

from __future__ import annotations

from collections.abc import Iterable

from performance.models import BenchmarkValue, Comparator


def neighbours_averaged(measure_ids: Iterable[int]) -> dict[int, dict[int, list[str]]]:
    """Return ``{measure_id: {year: area codes}}``: the neighbours each year's average covers. One query."""
    rows = BenchmarkValue.objects.filter(
        measure_id__in=list(measure_ids), comparator=Comparator.STATISTICAL_NEIGHBOURS, value__isnull=False
    ).values_list("measure_id", "year", "averaged_areas")
    found: dict[int, dict[int, list[str]]] = {}
    for measure_id, year, codes in rows:
        found.setdefault(measure_id, {})[year] = list(codes or [])
    return found


def sources_and_neighbours(measure_id: int) -> tuple[list[str], dict[int, list[str]]]:
    """Return the distinct sources a measure's annual figures cite, and for each year with a
    neighbours' average the area codes it covers. One query."""
    rows = (
        BenchmarkValue.objects.filter(measure_id=measure_id)
        .order_by()
        .values_list("source", "comparator", "year", "averaged_areas")
        .distinct()
    )
    sources: set[str] = set()
    averaged: dict[int, list[str]] = {}
    for source, comparator, year, codes in rows:
        if source:
            sources.add(source)
        if comparator == Comparator.STATISTICAL_NEIGHBOURS:
            averaged[year] = list(codes or [])
    return sorted(sources), averaged
