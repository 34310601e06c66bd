"""Benchmarks from DfE's Explore Education Statistics (EES) files, and rank and quartile among LAs.

``import_file(path, measure_code=..., column=...)`` (what ``manage.py import_benchmarks`` and a
background task call) and ``load_ees(data, measure=..., column=...)`` read any EES "tidy" file
(``time_period``, ``geographic_level``, ``country_code``, ``region_code``, ``new_la_code``,
``la_name``, then one column per figure), as CSV (UTF-8, with or without a BOM, or Windows-1252)
or .xlsx, and store one column as the measure's BenchmarkValues:
- England (National rows), the council's region (``COUNCIL_REGION_CODE``), the council itself
  (``COUNCIL_LA_CODE``) and every local authority (comparator "la"), so rank and quartile can
  be computed; and the average of the statistical neighbours (``STATISTICAL_NEIGHBOURS``).
- Suppressed cells (DfE's codes: c, x, z, :, u, k, low, ~, ..) are stored as missing with their
  code, never as zero; a blank cell (nothing published) stores nothing. Any other text (``28%``,
  ``n/a``) refuses the file, naming its row and column.
- ``time_period`` 2016 is the year 2016; a financial year such as 202425 is stored as 2025, the
  year it ends in, as the app names years.
- ``where`` picks the rows of a file that holds several series (``population_type=...``). A file
  with more than one row for an area and year is refused, naming the columns that tell the rows
  apart; a ``where`` that matches no row is refused, listing the values the file has.
- For every year the file covers, the file replaces the measure's figures: an area it leaves out
  or leaves blank no longer has a figure, so it no longer counts in "rank of N".
All or nothing: a refused file writes nothing. Re-running the same file changes nothing.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core.cache import bump_data_version
from core.choices import Provenance
from performance.benchmarks.reading import (
    SUPPRESSION_MARKERS,
    BenchmarkFileError,
    Table,
    listed,
    read_figure,
    read_table,
    read_year,
)
from performance.models import BenchmarkValue, Comparator, Measure, Polarity

__all__ = ["SUPPRESSION_MARKERS", "BenchmarkFileError", "LoadResult", "import_file", "load_ees"]

NEIGHBOURS_CODE = "SN"
LEVELS = ("National", "Regional", "Local authority")
MAX_ERRORS = 20
Key = tuple[str, str, int]  # (comparator, area code, year)


@dataclass(frozen=True)
class LoadResult:
    """What a file changed: benchmarks added, updated and removed, and suppressed figures kept."""

    created: int
    updated: int
    suppressed: int
    removed: int = 0
    years: tuple[int, ...] = ()

    @property
    def summary(self) -> str:
        span = f"{self.years[0]} to {self.years[-1]}" if self.years else "no years"
        return (
            f"{self.created} benchmarks added, {self.updated} updated, {self.removed} removed "
            f"(no longer in the file), {self.suppressed} suppressed kept as missing; years {span}."
        )


def import_file(
    path: Path, *, measure_code: str, column: str, where: Mapping[str, str] | None = None
) -> LoadResult:
    """Read the DfE file at ``path`` into the benchmarks of the measure ``measure_code``.

    Raises BenchmarkFileError (nothing written) for an unknown measure, an unreadable file or
    any refused row. Returns what was written.
    """
    measure = Measure.objects.filter(code=measure_code).first()
    if measure is None:
        raise BenchmarkFileError(f"No measure has the code “{measure_code}”.")
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise BenchmarkFileError(f"{path} cannot be read: {error.strerror or error}.") from None
    return load_ees(data, measure=measure, column=column, where=where, source=Path(path).name, name=str(path))


def load_ees(
    data: bytes | str,
    *,
    measure: Measure,
    column: str,
    where: Mapping[str, str] | None = None,
    source: str = "Department for Education, Explore Education Statistics",
    name: str = "",
) -> LoadResult:
    """Store ``column`` of an EES file as ``measure``'s benchmarks; return the counts.

    Replaces the BenchmarkValue rows of ``measure`` for the years in the file. Raises
    BenchmarkFileError, writing nothing, when the file cannot be read whole.
    """
    table = read_table(data, name=name)
    needed = {"time_period", "geographic_level", column}
    missing = needed - set(table.columns)
    if missing:
        raise BenchmarkFileError(f"The file has no {', '.join(sorted(missing))} column.")
    rows = _chosen_rows(table, where or {})
    found, years = _figures(rows, column)
    return _store(measure, found, years, source)


def _chosen_rows(table: Table, where: Mapping[str, str]) -> list[tuple[int, dict[str, str]]]:
    """Return the rows ``where`` keeps, refusing a filter that names no column or matches nothing."""
    for key, wanted in where.items():
        if key not in table.columns:
            raise BenchmarkFileError(f"The file has no column “{key}” to pick rows by ({key}={wanted}).")
        values = {row.get(key, "") for _, row in table.rows}
        if wanted not in values:
            raise BenchmarkFileError(
                f"No row has {key}={wanted}: the file's {key} values are {listed(values)}."
            )
    rows = [(n, row) for n, row in table.rows if all(row.get(k) == v for k, v in where.items())]
    if not rows:
        together = " and ".join(f"{k}={v}" for k, v in where.items())
        raise BenchmarkFileError(f"No row has {together} together.")
    return rows


def _area(row: dict[str, str]) -> list[tuple[str, str, str]] | None:
    """Return the (comparator, code, name) keys a row gives figures for, or None if not used."""
    keys: list[tuple[str, str, str]]
    level = row.get("geographic_level", "")
    if level == "National":
        return [
            (Comparator.ENGLAND, row.get("country_code") or "E92000001", row.get("country_name") or "England")
        ]
    if level == "Regional" and row.get("region_code") == settings.COUNCIL_REGION_CODE:
        return [(Comparator.REGION, settings.COUNCIL_REGION_CODE, row.get("region_name", ""))]
    if level == "Local authority":
        code = row.get("new_la_code", "")
        keys = [(Comparator.LOCAL_AUTHORITY, code, row.get("la_name", ""))]
        if code == settings.COUNCIL_LA_CODE:
            keys.append((Comparator.COUNCIL, code, row.get("la_name", "")))
        return keys
    return None


def _figures(rows: list[tuple[int, dict[str, str]]], column: str) -> tuple[dict, set[int]]:
    """Return {key: (name, value, marker)} and the years covered; refuse bad cells and mixed series."""
    neighbours = set(settings.STATISTICAL_NEIGHBOURS)
    found: dict[Key, tuple[str, Decimal | None, str]] = {}
    seen: dict[Key, list[tuple[int, dict[str, str]]]] = {}
    neighbour_values: dict[int, list[Decimal]] = {}
    years: set[int] = set()
    errors: list[str] = []
    for number, row in rows:
        keys = _area(row)
        if keys is None:
            continue
        try:
            year = read_year(row.get("time_period", ""), number=number)
            cell = read_figure(row.get(column, ""), number=number, column=column)
        except BenchmarkFileError as error:
            errors.append(str(error))
            continue
        years.add(year)
        comparator, code, _ = keys[0]
        seen.setdefault((comparator, code, year), []).append((number, row))
        if cell is None:
            continue
        if comparator == Comparator.LOCAL_AUTHORITY and code in neighbours and cell[0] is not None:
            neighbour_values.setdefault(year, []).append(cell[0])
        for comparator, code, name in keys:
            found[(comparator, code, year)] = (name, *cell)
    if errors:
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise BenchmarkFileError(
            f"{len(errors)} cell(s) cannot be read{more}; nothing was saved.\n"
            + "\n".join(errors[:MAX_ERRORS])
        )
    _refuse_mixed_series(seen, column)
    if not years:
        raise BenchmarkFileError(f"The file has no {', '.join(LEVELS)} rows to read.")
    for year, values in neighbour_values.items():
        found[(Comparator.STATISTICAL_NEIGHBOURS, NEIGHBOURS_CODE, year)] = (
            f"Statistical neighbours (average of {len(values)})",
            Decimal(str(round(statistics.fmean(values), 4))),
            "",
        )
    return found, years


def _refuse_mixed_series(seen: dict[Key, list[tuple[int, dict[str, str]]]], column: str) -> None:
    """Refuse a file with several rows for one area and year, naming the columns that differ."""
    clashes = {key: rows for key, rows in seen.items() if len(rows) > 1}
    if not clashes:
        return
    differing: dict[str, set[str]] = {}
    for rows in clashes.values():
        for name in rows[0][1]:
            values = {row.get(name, "") for _, row in rows}
            if len(values) > 1 and name != column:
                differing.setdefault(name, set()).update(values)
    filters = {k: v for k, v in differing.items() if not all(_numeric(x) for x in v)} or differing
    (_, code, year), rows = next(iter(clashes.items()))
    first = rows[0][1]
    area = first.get("la_name") or first.get("region_name") or first.get("country_name") or code
    numbers = ", ".join(str(n) for n, _ in rows[:5])
    if filters:
        told = "; ".join(f"{name} ({listed(values)})" for name, values in filters.items())
        name = next(iter(filters))
        advice = f"They differ in {told}. Pick one series with --where {name}=VALUE."
    else:
        advice = "They are identical: remove the repeated rows."
    raise BenchmarkFileError(
        f"The file holds more than one series: {len(clashes)} area-years have several rows "
        f"(e.g. {area}, {year}: rows {numbers}). {advice}"
    )


def _numeric(text: str) -> bool:
    return not text or text.lower() in SUPPRESSION_MARKERS or text.replace(".", "", 1).lstrip("-").isdigit()


def _store(measure: Measure, found: dict[Key, tuple], years: set[int], source: str) -> LoadResult:
    existing = {
        (b.comparator, b.area_code, b.year): b
        for b in BenchmarkValue.objects.filter(measure=measure, year__in=years)
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
    gone = [row.pk for key, row in existing.items() if key not in found]
    with transaction.atomic():
        BenchmarkValue.objects.filter(pk__in=gone).delete()
        BenchmarkValue.objects.bulk_create(create, batch_size=500)
        BenchmarkValue.objects.bulk_update(
            update, ["area_name", "value", "suppressed", "provenance", "source"], batch_size=500
        )
        bump_data_version()  # bulk writes send no model signals
    suppressed = sum(1 for (_, value, marker) in found.values() if value is None and marker)
    return LoadResult(
        created=len(create),
        updated=len(update),
        suppressed=suppressed,
        removed=len(gone),
        years=tuple(sorted(years)),
    )


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
        if value is not None:
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
