"""Benchmark the public pages under gunicorn with PostgreSQL on 25 measures x 20 years of months.

    .venv/bin/python bench/pages.py [--port 8101] [--database pages_bench] [--seconds 5]

It (re)creates the database, fills it with ``tests.datasets.build_large_dataset``, collects the
static files with hashed, compressed names, starts gunicorn in production mode, and prints for
each page, beside a trivial Django view served by the same gunicorn in the same run:
- median and p95 response time of sequential requests (one client, loopback, so close to
  server time), with the page cache on (as deployed) and off (every request renders);
- throughput (requests a second) with concurrent clients, and its ratio to the trivial view's;
- the compressed bytes a first visit transfers (HTML, CSS, JS, plotly.js, icon) and a repeat
  visit (HTML revalidated with its ETag; hashed static files are cached for a year).
Needs PostgreSQL at 127.0.0.1:5432 (user postgres) and Redis at 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PAGES = [
    "/",
    "/timeline/",
    "/themes/",
    "/actions/bench-action-03/",
    "/measures/",
    "/measures/bench-01/",
    "/priorities/",
    "/options/",
]
TRIVIAL = "/bench/trivial/"
BROWSER_ENCODINGS = "gzip, deflate, br"  # what Chromium sends over HTTPS
FIRST_VISIT_KB = 400  # compressed bytes of a first visit: HTML, CSS, JS, plotly.js, icon
REPEAT_VISIT_KB = 60


def environment(args: argparse.Namespace, cache_seconds: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "BEHIND_TLS_PROXY": "false",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{args.redis_db}",
            "PAGE_CACHE_SECONDS": str(cache_seconds),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


FILL = """
import django; django.setup()
from django.core.cache import cache
from tests.datasets import build_large_dataset
size = build_large_dataset()
cache.clear()
print(size)
"""


def prepare(args: argparse.Namespace) -> None:
    env = environment(args, 0)
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database], check=True)
    run([PYTHON, "manage.py", "migrate", "--no-input"], env)
    subprocess.run([PYTHON, "-c", FILL], cwd=ROOT, env=env, check=True)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "--clear"], env)


def request(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Accept-Encoding": BROWSER_ENCODINGS, **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def latencies(port: int, path: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        status, _, _ = request(port, path)
        times.append(time.perf_counter() - start)
        assert status == 200, (path, status)
    return times


def _hammer(job: tuple[int, str, float]) -> int:
    port, path, seconds = job
    done, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        request(port, path)
        done += 1
    return done


def throughput(port: int, path: str, seconds: float, clients: int) -> float:
    with multiprocessing.Pool(clients) as pool:
        start = time.perf_counter()
        counts = pool.map(_hammer, [(port, path, seconds)] * clients)
        elapsed = time.perf_counter() - start
    return sum(counts) / elapsed


def transfer_size(headers: dict[str, str], body: bytes) -> int:
    """Bytes on the wire for one response: body plus a fair estimate of the headers."""
    return len(body) + sum(len(k) + len(v) + 4 for k, v in headers.items()) + 17


def visit_bytes(port: int, path: str) -> tuple[int, int, int, list[str]]:
    """Return the bytes of a first visit to ``path``, of a repeat visit that revalidates the HTML
    with its ETag, of one that fetches the HTML again in full, and the assets the page loads."""
    status, headers, body = request(port, path)
    html = body
    if headers.get("content-encoding") == "gzip":
        import gzip

        html = gzip.decompress(body)
    first = transfer_size(headers, body)
    html_again = first
    repeat = 0
    _, again_headers, again_body = request(port, path, {"If-None-Match": headers.get("etag", "")})
    repeat += transfer_size(again_headers, again_body)
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    names = []
    for asset in assets:
        url = asset.decode()
        status, asset_headers, asset_body = request(port, url)
        assert status == 200, url
        first += transfer_size(asset_headers, asset_body)
        names.append(f"{url} {asset_headers.get('content-encoding', 'identity')} {len(asset_body)}")
        cache_control = asset_headers.get("cache-control", "")
        if "immutable" not in cache_control and "max-age=315360000" not in cache_control:
            repeat += transfer_size(asset_headers, asset_body)  # would be fetched again
            html_again += transfer_size(asset_headers, asset_body)
    return first, repeat, html_again, names


def start_gunicorn(args: argparse.Namespace, cache_seconds: int) -> subprocess.Popen:
    env = environment(args, cache_seconds)
    process = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if request(args.port, TRIVIAL)[0] == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def measure(args: argparse.Namespace, cache_seconds: int, label: str) -> dict[str, float]:
    """Print each page's times and throughput beside the trivial view's; return the ratios.

    The machine is shared, so each page's throughput runs alternate with the trivial view's
    (``--rounds`` pairs) and the ratio is the median of the pairs' ratios.
    """
    process = start_gunicorn(args, cache_seconds)
    ratios: dict[str, float] = {}
    try:
        for path in [TRIVIAL, *PAGES]:
            latencies(args.port, path, 5)  # warm: fill the cache, import code
        print(
            f"\n## {label}: gunicorn {args.workers} sync workers, {args.clients} concurrent clients, "
            f"{args.requests} sequential requests for times, {args.rounds} x {args.seconds:g} s throughput "
            "runs alternating with the trivial view"
        )
        print(f"{'page':28} {'median ms':>9} {'p95 ms':>7} {'req/s':>7} {'trivial req/s':>13} {'ratio':>6}")
        for path in [TRIVIAL, *PAGES]:
            times = sorted(latencies(args.port, path, args.requests))
            median, p95 = statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000
            pairs = []
            for _ in range(args.rounds):
                trivial = throughput(args.port, TRIVIAL, args.seconds, args.clients)
                page = throughput(args.port, path, args.seconds, args.clients)
                pairs.append((page, trivial))
            ratios[path] = statistics.median(p / t for p, t in pairs)
            page_rps = statistics.median(p for p, _ in pairs)
            trivial_rps = statistics.median(t for _, t in pairs)
            print(
                f"{path:28} {median:9.2f} {p95:7.2f} {page_rps:7.0f} {trivial_rps:13.0f} {ratios[path]:6.2f}"
            )
    finally:
        process.terminate()
        process.wait(10)
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--database", default="pages_bench")
    parser.add_argument("--redis-db", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the database and static files")
    parser.add_argument(
        "--weight-only", action="store_true", help="report the bytes transferred, not times or throughput"
    )
    args = parser.parse_args()
    if not args.skip_prepare:
        print("Preparing PostgreSQL database, 25 measures x 20 years, and hashed static files...", flush=True)
        prepare(args)
    if not args.weight_only:
        cached = measure(args, 600, "Page cache on (as deployed)")
        measure(args, 0, "Page cache off (every request renders)")
        slowest = min(cached[p] for p in PAGES)
        print(f"\nLowest page/trivial throughput ratio with the cache on: {slowest:.2f} (target >= 0.25)")

    process = start_gunicorn(args, 600)
    try:
        print(f"\n## Bytes transferred (Accept-Encoding: {BROWSER_ENCODINGS})")
        print(f"Targets: first visit at most {FIRST_VISIT_KB} KB, repeat visit at most {REPEAT_VISIT_KB} KB")
        print(f"{'page':32} {'first visit':>12} {'repeat (304)':>13} {'repeat (full HTML)':>19}  within")
        assets_shown = False
        for path in PAGES:
            first, repeat, html_again, names = visit_bytes(args.port, path)
            within = "yes" if first <= FIRST_VISIT_KB * 1e3 and repeat <= REPEAT_VISIT_KB * 1e3 else "NO"
            sizes = f"{first / 1e3:9.1f} KB {repeat / 1e3:10.1f} KB {html_again / 1e3:16.1f} KB"
            print(f"{path:32} {sizes}  {within}")
            if not assets_shown and any("plotly" in n for n in names):
                assets = "\n".join("   " + n for n in names)
                assets_shown = True
        print("Assets of a page with charts (url, encoding, bytes):\n" + assets)
    finally:
        process.terminate()
        process.wait(10)


if __name__ == "__main__":
    sys.exit(main())
