"""Load run: gunicorn (deploy/gunicorn.conf.py, production mode) + PostgreSQL + Redis, every public
page, 32 connections for 60 seconds, with the page cache on and then off.

    .venv/bin/python bench/load.py [--seconds 60] [--connections 32] [--skip-prepare]

It (re)creates the database ``ops_bench`` with 25 measures x 20 years of months
(``tests.datasets.build_large_dataset``), collects static files, then for each cache setting
starts gunicorn with its production defaults (2 x cores + 1 sync workers, worker recycling off so
memory growth would show), warms every page, reads the workers' resident memory, drives the
pages round-robin from an asyncio client (standard library only) for the given seconds and, with
the cache on, on until at least 10,000 requests, then reads the memory again. It prints, side by
side, median and p95 per page, requests a second, errors and 5xx, and worker memory before and
after; it exits non-zero on any error or 5xx. Needs PostgreSQL at 127.0.0.1:5432 (user postgres)
and Redis at 127.0.0.1:6379. Traffic goes to 127.0.0.1 only, bounded in time and count.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import PAGES, environment, prepare

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
MEMORY_REQUESTS = 10_000
MAX_SECONDS = 600  # a hard stop for the whole of one run, whatever happens


@dataclass
class Run:
    label: str
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    errors: int = 0
    elapsed: float = 0.0
    rss_before: list[int] = field(default_factory=list)
    rss_after: list[int] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(len(t) for t in self.times.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


async def fetch(port: int, path: str) -> int:
    """GET ``path`` as a browser would (gzip and Brotli accepted); return the status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, deflate, br\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # headers and body, to the server's close
        return int(status_line.split()[1])
    finally:
        writer.close()


async def drive(port: int, connections: int, seconds: float, at_least: int, run: Run) -> None:
    """Keep ``connections`` requests in flight over every page in turn until ``seconds`` have passed
    and ``at_least`` requests are done (or MAX_SECONDS)."""
    start = time.perf_counter()
    counter = 0

    async def client(offset: int) -> None:
        nonlocal counter
        turn = offset
        while True:
            elapsed = time.perf_counter() - start
            if elapsed > MAX_SECONDS or (elapsed >= seconds and counter >= at_least):
                return
            path = PAGES[turn % len(PAGES)]
            turn += 1
            began = time.perf_counter()
            try:
                status = await asyncio.wait_for(fetch(port, path), 30)
            except (TimeoutError, OSError, ValueError, IndexError):
                run.errors += 1
                continue
            run.times[path].append(time.perf_counter() - began)
            run.statuses[status] += 1
            counter += 1

    await asyncio.gather(*(client(i) for i in range(connections)))
    run.elapsed = time.perf_counter() - start


def worker_rss(master: int) -> list[int]:
    """Return the resident memory (KiB) of each of gunicorn master's workers, by pid order."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in sorted(children, key=int):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]))
    return sizes


def start_gunicorn(args: argparse.Namespace, cache_seconds: int) -> subprocess.Popen:
    env = environment(args, cache_seconds)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "GUNICORN_BIND": f"127.0.0.1:{args.port}",
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_LOG_LEVEL": "warning",
            "REQUEST_LOG_LEVEL": "WARNING",
            "TRUSTED_PROXIES": "0",
        }
    )
    process = subprocess.Popen([GUNICORN, "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env)
    for _ in range(300):
        try:
            if asyncio.run(fetch(args.port, "/health/")) == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def measure(args: argparse.Namespace, cache_seconds: int, label: str, at_least: int) -> Run:
    run = Run(label)
    process = start_gunicorn(args, cache_seconds)
    try:
        warm = Run("warm-up")
        asyncio.run(drive(args.port, len(PAGES), 0, len(PAGES) * 10, warm))
        time.sleep(1)
        run.rss_before = worker_rss(process.pid)
        print(f"{label}: {args.seconds:g} s at {args.connections} connections...", flush=True)
        asyncio.run(drive(args.port, args.connections, args.seconds, at_least, run))
        run.rss_after = worker_rss(process.pid)
    finally:
        process.terminate()
        process.wait(30)
    return run


def ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def report(runs: list[Run]) -> None:
    print()
    heads = "".join(f" | {r.label:^27}" for r in runs)
    print(f"{'page':28}{heads}")
    print(f"{'':28}" + " | median ms   p95 ms    reqs" * len(runs))
    for path in PAGES:
        cells = ""
        for run in runs:
            times = run.times.get(path, [0.0])
            cells += f" | {statistics.median(times) * 1000:9.1f} {ms(times, 0.95):8.1f} {len(times):7}"
        print(f"{path:28}{cells}")
    for name, value in (
        ("requests", lambda r: f"{r.requests}"),
        ("seconds", lambda r: f"{r.elapsed:.1f}"),
        ("requests/s", lambda r: f"{r.requests / r.elapsed:.0f}"),
        ("connection errors", lambda r: f"{r.errors}"),
        ("5xx responses", lambda r: f"{r.server_errors}"),
        ("statuses", lambda r: " ".join(f"{s}:{n}" for s, n in sorted(r.statuses.items()))),
        ("worker RSS before, MiB", lambda r: " ".join(f"{k / 1024:.1f}" for k in r.rss_before)),
        ("worker RSS after, MiB", lambda r: " ".join(f"{k / 1024:.1f}" for k in r.rss_after)),
        ("RSS change, all workers, MiB", lambda r: f"{(sum(r.rss_after) - sum(r.rss_before)) / 1024:+.1f}"),
    ):
        print(f"{name:28}" + "".join(f" | {value(r):>27}" for r in runs))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--database", default="ops_bench")
    parser.add_argument("--redis-db", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the database and static files")
    args = parser.parse_args()
    if not args.skip_prepare:
        print("Preparing PostgreSQL (25 measures x 20 years) and static files...", flush=True)
        prepare(args)
    workers = os.cpu_count() or 1
    print(f"gunicorn: {workers * 2 + 1} sync workers on {workers} cores; pages: {', '.join(PAGES)}")
    runs = [
        measure(args, 600, "cache on (as deployed)", MEMORY_REQUESTS),
        measure(args, 0, "cache off (every render)", 0),
    ]
    report(runs)
    failed = any(r.errors or r.server_errors for r in runs)
    print("\nZero errors and zero 5xx." if not failed else "\nFAILED: errors or 5xx responses above.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
