"""Benchmark importing 100,000 monthly values, ours beside django-import-export's defaults.

    .venv/bin/python bench/import_values.py [--rows 100000] [--default-rows 5000] [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/imports_db .venv/bin/python bench/import_values.py

Builds one CSV (100 measures x 1,000 months, columns measure code, period, value) and imports it:
- "ours": ``performance.importing.services.import_values``, the code path of the admin's import (the
  same reader, resource and all-or-nothing options): every row validated by ValueValidator and
  the model's clean, bulk inserts with history. Timed for the preview (dry run) and the
  confirm (write), as the admin runs both.
- "defaults": a plain ``ModelResource`` for MeasureValue with django-import-export's default
  settings (no bulk, per-row transactions, diff computed, model validation off), given only
  what it needs to read the same file: the measure by code and the natural key as import id.
  At about 200 rows a second the whole file would take minutes a run, so it imports the first
  ``--default-rows`` rows of the same file and its rate is compared.
Each figure is the median of ``--runs`` runs on an emptied table; peak memory is measured in a
separate run under tracemalloc (it slows the code it watches). The database is migrated first
(SQLite: a temporary file; PostgreSQL: DATABASE_URL, whose values and history it empties).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> str:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")  # DEBUG logs every query, which a server does not
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def build_file(rows: int) -> bytes:
    from performance.models import Measure, Polarity, Unit

    measures = 100
    months = -(-rows // measures)
    Measure.objects.all().delete()
    Measure.objects.bulk_create(
        Measure(
            code=f"bench-{i:03d}",
            name=f"Bench measure {i}",
            unit=Unit.COUNT,
            polarity=Polarity.CONTEXT,
            definition="-",
            source="-",
        )
        for i in range(measures)
    )
    lines = ["measure,period,value"]
    for i in range(measures):
        for m in range(months):
            year, month = divmod(1930 * 12 + m, 12)
            lines.append(f"bench-{i:03d},{year}-{month + 1:02d}-01,{(i * 7 + m * 13) % 500}")
    return ("\n".join(lines[: rows + 1]) + "\n").encode()


def empty() -> None:
    from performance.models import MeasureValue

    MeasureValue.history.all().delete()
    MeasureValue.objects.all().delete()


def plain_resource():
    from import_export import fields, resources, widgets

    from performance.models import Measure, MeasureValue

    class PlainResource(resources.ModelResource):
        measure = fields.Field(
            attribute="measure", column_name="measure", widget=widgets.ForeignKeyWidget(Measure, "code")
        )

        class Meta:
            model = MeasureValue
            fields = ("measure", "period", "value")
            import_id_fields = ("measure", "period")

    return PlainResource()


def run_ours(data: bytes, user, *, dry_run: bool) -> int:
    from performance.importing.services import import_values

    result = import_values(data, user=user, dry_run=dry_run)
    assert not result.has_errors(), "our import refused the file"
    assert not result.has_validation_errors(), "our import refused the file"
    return result.total_rows


def run_defaults(data: bytes, user) -> int:
    import tablib

    dataset = tablib.Dataset().load(data.decode(), format="csv")
    result = plain_resource().import_data(dataset, dry_run=False, user=user)
    assert not result.has_errors(), "the defaults refused the file"
    assert not result.has_validation_errors(), "the defaults refused the file"
    return result.total_rows


def measure(label: str, fn, runs: int) -> dict:
    from performance.models import MeasureValue

    times, rows = [], 0
    for _ in range(runs):
        empty()
        start = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - start)
    written = MeasureValue.objects.count()
    empty()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    median = statistics.median(times)
    return {
        "label": label,
        "rows": rows,
        "seconds": median,
        "rate": rows / median,
        "peak": peak,
        "written": written,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--default-rows", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    vendor = setup()
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-importer")
    data = build_file(args.rows)
    subset = b"".join(data.splitlines(keepends=True)[: args.default_rows + 1])
    results = [
        measure("ours: preview (dry run)", lambda: run_ours(data, user, dry_run=True), args.runs),
        measure("ours: confirm (writes)", lambda: run_ours(data, user, dry_run=False), args.runs),
        measure("defaults: plain ModelResource", lambda: run_defaults(subset, user), args.runs),
    ]
    empty()
    print(f"\nImport benchmark on {vendor}: median of {args.runs} runs, peak memory under tracemalloc\n")
    print(f"{'path':32} {'rows':>8} {'seconds':>9} {'rows/s':>9} {'peak MB':>8} {'written':>8}")
    for r in results:
        print(
            f"{r['label']:32} {r['rows']:>8} {r['seconds']:>9.2f} {r['rate']:>9.0f} "
            f"{r['peak'] / 1_048_576:>8.1f} {r['written']:>8}"
        )
    ours, defaults = results[1], results[2]
    both = ours["seconds"] + results[0]["seconds"]
    print(f"\nours, preview + confirm: {ours['rows'] / both:.0f} rows/s for the whole admin flow")
    print(f"ours (confirm) / defaults: {ours['rate'] / defaults['rate']:.1f}x (target 25x; >= 5,000 rows/s)")


if __name__ == "__main__":
    main()
