"""Benchmark building a whole Council report pack: 25 measures, all sections, three formats.

    .venv/bin/python bench/report_pack.py [--runs 5] [--database-url sqlite:////tmp/x.sqlite3]

It fills a scratch database (SQLite in a temporary folder unless --database-url is given) with
``tests.datasets.build_large_dataset`` (25 measures x 20 years, ending April 2016), publishes the
pack for May 2015 to April 2016 and then, for each run, times:
- building the snapshot (the same selectors and analysis as the pages);
- starting Chromium (once per run: one browser draws every chart and prints the PDF);
- each format rendered from the snapshot: PDF (charts as SVG), Word (charts as PNG), Excel;
and prints the median of the runs, the total for all three formats (browser start included),
and peak memory: Python's own allocations per format (tracemalloc) and the largest resident
set of this process and of the browser's processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 15.0


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def browser_rss_mb() -> float:
    """Return the summed resident memory of the Chromium processes now (from /proc), in MB."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if "Name:\tchrom" not in text:
            continue
        for line in text.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


class Timer:
    """Times each step, or (when ``traced``) records its peak Python allocation instead."""

    def __init__(self) -> None:
        self.traced = False
        self.times: dict[str, list[float]] = {
            k: [] for k in ("snapshot", "browser start", "pdf", "docx", "xlsx", "all three")
        }
        self.peaks: dict[str, int] = {}

    def step(self, key: str, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self.traced:
            tracemalloc.start()
        started = time.perf_counter()
        result = work(*args, **kwargs)
        if self.traced:
            self.peaks[key] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        else:
            self.times[key].append(time.perf_counter() - started)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="report-bench-")
    setup(args.database_url or f"sqlite:///{folder}/bench.sqlite3")

    from reports import services
    from reports.models import CouncilReport
    from reports.render import docx, pdf, xlsx
    from reports.render.browser import ChromiumSession
    from tests.datasets import build_large_dataset

    CouncilReport.objects.all().delete()
    size = build_large_dataset()

    report = CouncilReport.objects.create(
        title="Benchmark pack",
        meeting="Full Council",
        period_start=dt.date(2015, 5, 1),
        period_end=dt.date(2016, 4, 1),
    )
    services.report_publish(report=report, user=None)
    report.refresh_from_db()
    data = report.snapshot.data
    charts = len(data["measures"]) + 2
    print(
        f"Data: {size.measures} measures x {size.months} months; pack of {len(data['measures'])} measures, "
        f"{charts} charts, all sections"
    )

    timer = Timer()
    browser_peak = 0.0
    sizes: dict[str, int] = {}
    draft = CouncilReport(
        title="Benchmark draft",
        meeting="Full Council",
        period_start=report.period_start,
        period_end=report.period_end,
    )
    # The last run is traced for memory (tracemalloc slows Python, so its times are not counted).
    for run in range(args.runs + 1):
        timer.traced = run == args.runs
        timer.step("snapshot", services.report_data, draft)
        start_all = time.perf_counter()
        session = timer.step("browser start", ChromiumSession().start)
        try:
            sizes["pdf"] = len(timer.step("pdf", pdf.render, data, session=session))
            browser_peak = max(browser_peak, browser_rss_mb())
            sizes["docx"] = len(timer.step("docx", docx.render, data, images=session.png))
            browser_peak = max(browser_peak, browser_rss_mb())
            sizes["xlsx"] = len(timer.step("xlsx", xlsx.render, data))
        finally:
            session.close()
        if not timer.traced:
            timer.times["all three"].append(time.perf_counter() - start_all)
            print(f"run {run + 1}: all three formats {timer.times['all three'][-1]:.2f} s")
    times, peaks = timer.times, timer.peaks

    print(f"\nMedian of {args.runs} runs (seconds); Python peak allocation per step (a separate traced run):")
    for key, values in times.items():
        peak = f"   peak {peaks[key] / 2**20:6.1f} MB" if key in peaks else ""
        print(f"  {key:14s} {statistics.median(values):6.2f} s{peak}")
    for fmt, n in sizes.items():
        print(f"  {fmt} file size {n / 2**20:.2f} MB")
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"Peak resident memory: this process {self_rss:.0f} MB; "
        f"Chromium's processes together {browser_peak:.0f} MB"
    )
    total = statistics.median(times["all three"])
    verdict = "within" if total <= TARGET_SECONDS else "OVER"
    print(
        f"All three formats, browser start included: {total:.2f} s "
        f"({verdict} the {TARGET_SECONDS:.0f} s target)"
    )


if __name__ == "__main__":
    main()
