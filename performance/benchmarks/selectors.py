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
