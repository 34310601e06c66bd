"""Benchmarks from DfE's Explore Education Statistics (EES) files, and rank and quartile among LAs.

``load_ees(data, measure=..., column=...)`` reads any EES "tidy" CSV (``time_period``,
``geographic_level``, ``country_code``, ``region_code``, ``new_la_code``, ``la_name``, then one
column per figure) and stores one column as the measure's BenchmarkValues:
- England (National rows), the council's region (``COUNCIL_REGION_CODE``), the council itself
  (``COUNCIL_LA_CODE``) and every local authority (comparator "la"), so rank and quartile can
  be computed; and the average of the statistical neighbours (``STATISTICAL_NEIGHBOURS``).
- Suppressed cells (``SUPPRESSION_MARKERS``: c, x, z, :, u, k, low, ~, ..) are stored as missing
  with their marker, never as zero; a blank cell (nothing published) stores nothing.
- ``where`` picks the rows of a file that holds several series (``population_type=...``).
Re-running replaces the figures it loaded (safe to re-run).
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction

from core.choices import Provenance
from performance.models import BenchmarkValue, Comparator, Measure, Polarity

SUPPRESSION_MARKERS = frozenset({"c", "x", "z", ":", "u", "k", "low", "~", ".."})
NEIGHBOURS_CODE = "SN"


class BenchmarkFileError(ValueError):
    """The file is not an EES file this loader can read; the message says why."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    suppressed: int


def _cell(raw: str) -> tuple[Decimal | None, str] | None:
    text = (raw or "").strip()
    if not text:
        return None
    if text.lower() in SUPPRESSION_MARKERS:
        return None, text.lower()[:2]
    try:
        return Decimal(text.replace(",", "")), ""
    except InvalidOperation:
        return None, ":"


def load_ees(
    data: bytes | str,
    *,
    measure: Measure,
    column: str,
    where: Mapping[str, str] | None = None,
    source: str = "Department for Education, Explore Education Statistics",
) -> LoadResult:
    """Store ``column`` of an EES CSV as ``measure``'s benchmarks; return the counts.

    Changes BenchmarkValue rows of ``measure`` for the years and areas in the file.
    """
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    needed = {"time_period", "geographic_level", column}
    missing = needed - set(reader.fieldnames or [])
    if missing:
        raise BenchmarkFileError(f"The file has no {', '.join(sorted(missing))} column.")
    council = settings.COUNCIL_LA_CODE
    region = settings.COUNCIL_REGION_CODE
    neighbours = set(settings.STATISTICAL_NEIGHBOURS)
    found: dict[tuple[str, str, int], tuple[str, Decimal | None, str]] = {}
    neighbour_values: dict[int, list[Decimal]] = {}
    for row in reader:
        if where and any(row.get(k) != v for k, v in where.items()):
            continue
        cell = _cell(row[column])
        if cell is None:
            continue
        year = int(str(row["time_period"])[:4])
        level = row["geographic_level"]
        if level == "National":
            keys = [
                (
                    Comparator.ENGLAND,
                    row.get("country_code") or "E92000001",
                    row.get("country_name") or "England",
                )
            ]
        elif level == "Regional" and row.get("region_code") == region:
            keys = [(Comparator.REGION, region, row.get("region_name", ""))]
        elif level == "Local authority":
            code = row.get("new_la_code", "")
            keys = [(Comparator.LOCAL_AUTHORITY, code, row.get("la_name", ""))]
            if code == council:
                keys.append((Comparator.COUNCIL, code, row.get("la_name", "")))
            if code in neighbours and cell[0] is not None:
                neighbour_values.setdefault(year, []).append(cell[0])
        else:
            continue
        for comparator, code, name in keys:
            found[(comparator, code, year)] = (name, *cell)
    for year, values in neighbour_values.items():
        mean = statistics.fmean(values)
        found[(Comparator.STATISTICAL_NEIGHBOURS, NEIGHBOURS_CODE, year)] = (
            f"Statistical neighbours (average of {len(values)})",
            Decimal(str(round(mean, 4))),
            "",
        )
    return _store(measure, found, source)


def _store(measure: Measure, found: dict, source: str) -> LoadResult:
    existing = {
        (b.comparator, b.area_code, b.year): b
        for b in BenchmarkValue.objects.filter(measure=measure, year__in={k[2] for k in found})
    }
    create, update = [], []
    for (comparator, code, year), (name, value, marker) in found.items():
        row = existing.get((comparator, code, year))
        if row is None:
            row = BenchmarkValue(measure=measure, comparator=comparator, area_code=code, year=year)
            create.append(row)
        else:
            update.append(row)
        row.area_name, row.value, row.suppressed = name[:100], value, marker
        row.provenance, row.source = Provenance.PUBLISHED, source[:300]
    with transaction.atomic():
        BenchmarkValue.objects.bulk_create(create, batch_size=500)
        BenchmarkValue.objects.bulk_update(
            update, ["area_name", "value", "suppressed", "provenance", "source"], batch_size=500
        )
    suppressed = sum(1 for (_, value, marker) in found.values() if value is None and marker)
    return LoadResult(created=len(create), updated=len(update), suppressed=suppressed)


@dataclass(frozen=True)
class Standing:
    """The council's place among LAs: 1 is best (by the measure's polarity)."""

    rank: int
    of: int
    quartile: int  # 1 = best quarter

    @property
    def label(self) -> str:
        return f"{self.rank} of {self.of} (quartile {self.quartile}: {QUARTILE_WORDS[self.quartile]})"


QUARTILE_WORDS = {1: "best quarter", 2: "second quarter", 3: "third quarter", 4: "worst quarter"}


def _standing(polarity: str, figures: Mapping[str, Decimal], code: str) -> Standing | None:
    if polarity == Polarity.CONTEXT or code not in figures:
        return None
    mine = figures[code]
    higher = polarity == Polarity.HIGHER_IS_BETTER
    better = sum(1 for v in figures.values() if (v > mine if higher else v < mine))
    rank, count = better + 1, len(figures)
    return Standing(rank=rank, of=count, quartile=min(4, 1 + (4 * (rank - 1)) // count))


def _la_figures(measure: Measure, **filters) -> dict[int, dict[str, Decimal]]:
    rows = BenchmarkValue.objects.filter(
        measure=measure, comparator=Comparator.LOCAL_AUTHORITY, value__isnull=False, **filters
    ).values_list("year", "area_code", "value")
    found: dict[int, dict[str, Decimal]] = {}
    for year, code, value in rows:
        found.setdefault(year, {})[code] = value
    return found


def rank_and_quartile(measure: Measure, year: int, *, area_code: str | None = None) -> Standing | None:
    """Return the council's (or ``area_code``'s) rank and quartile among LAs in ``year``, or None.

    None when the measure has no direction (context only), the area has no figure, or no LA
    figures are loaded. Ties share the better rank. Quartile 1 is the best quarter. One query.
    """
    if measure.polarity == Polarity.CONTEXT:
        return None
    figures = _la_figures(measure, year=year).get(year, {})
    return _standing(measure.polarity, figures, area_code or settings.COUNCIL_LA_CODE)


def standings_by_year(measure: Measure) -> dict[int, Standing]:
    """Return the council's rank and quartile for every year with LA figures. One query (none if context)."""
    if measure.polarity == Polarity.CONTEXT:
        return {}
    code = settings.COUNCIL_LA_CODE
    found = {
        year: _standing(measure.polarity, figures, code) for year, figures in _la_figures(measure).items()
    }
    return {year: standing for year, standing in found.items() if standing is not None}
