"""Benchmark pack exports as jobs, through HTTP, beside the old export inside the request.

    .venv/bin/python bench/jobs.py [--runs 5] [--load-seconds 20] [--skip-prepare]

It (re)creates the PostgreSQL database ``dash_tasks_bench`` with 25 measures x 20 years of months
(``tests.datasets.build_large_dataset``), makes a draft pack for May 2015 to April 2016 (a draft
is rendered afresh every time, so each run does the whole work) and a superuser, then starts
gunicorn in production mode and one worker (``manage.py worker``), signs in over HTTP and prints:
- the export click: response time of the admin's POST that starts the job (target <= 200 ms);
- the time from the click until all three files are ready (the job page's JSON says done),
  for the first export (the worker starts its Chromium) and the median of ``--runs`` after it;
- the baseline: the three files fetched one after another, each rendered inside its request with
  its own Chromium (how downloads worked before), median of ``--runs``;
- the public pages' median and p95 under ``--connections`` concurrent clients for
  ``--load-seconds``, without and then with exports running back to back.
Needs PostgreSQL at 127.0.0.1:5432 (user postgres) and Chromium. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import Run, drive, ms
from bench.pages import GUNICORN, PAGES, PYTHON, ROOT, environment, prepare

PASSWORD = secrets.token_urlsafe(16)
SETUP = """
import django; django.setup()
import datetime as dt
from django.contrib.auth import get_user_model
from reports.models import CouncilReport
user = get_user_model()
user.objects.filter(username="bench").delete()
user.objects.create_superuser("bench", "bench@example.org", {password!r})
pack, _ = CouncilReport.objects.get_or_create(
    title="Benchmark pack", meeting="Full Council",
    period_start=dt.date(2015, 5, 1), period_end=dt.date(2016, 4, 1),
)
print(pack.pk)
"""


class Browser:
    """Just enough of a browser over http.client: cookies, the CSRF token, timed requests."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "") -> tuple[int, dict[str, str], bytes, float]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
        began = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - began
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content, elapsed

    @property
    def csrf(self) -> str:
        return next(v for k, v in self.cookies.items() if k.endswith("csrftoken"))

    def sign_in(self) -> None:
        _, _, page, _ = self.request("GET", "/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, _, _, _ = self.request(
            "POST",
            "/admin/login/",
            f"csrfmiddlewaretoken={token}&username=bench&password={PASSWORD}&next=/admin/",
        )
        if status != 302:
            raise SystemExit(f"sign-in failed ({status})")


def export_as_job(browser: Browser, pack: int) -> tuple[float, float]:
    """Click export; return (click response seconds, seconds from the click to all three files)."""
    began = time.perf_counter()
    status, headers, _, click = browser.request("POST", f"/admin/reports/councilreport/{pack}/export/")
    if status != 302:
        raise SystemExit(f"export click answered {status}")
    job = int(re.search(r"/jobs/(\d+)/", headers["location"]).group(1))
    while True:
        _, _, body, _ = browser.request("GET", f"/jobs/{job}/status/")
        state = json.loads(body)
        if not state["active"]:
            break
        time.sleep(0.05)
    ready = time.perf_counter() - began
    if state["state"] != "done":
        raise SystemExit(f"job {job} failed: {state['error']}")
    for link in state["links"]:
        status, _, content, _ = browser.request("GET", link["url"])
        if status != 200 or not content:
            raise SystemExit(f"{link['url']} answered {status}")
    return click, ready


def export_in_request(browser: Browser, pack: int) -> float:
    """Fetch the three files rendered inside their requests, one after another; return the seconds."""
    began = time.perf_counter()
    for fmt in ("pdf", "docx", "xlsx"):
        status, _, content, _ = browser.request("GET", f"/bench/export-in-request/{pack}/{fmt}/")
        if status != 200 or not content:
            raise SystemExit(f"in-request {fmt} answered {status}")
    return time.perf_counter() - began


def start(args: argparse.Namespace) -> tuple[subprocess.Popen, subprocess.Popen, dict[str, str]]:
    env = environment(args, 600)
    env.update(
        {
            "REDIS_URL": "",
            "GUNICORN_BIND": f"127.0.0.1:{args.port}",
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_TIMEOUT": "120",
            "REQUEST_LOG_LEVEL": "WARNING",
            "TRUSTED_PROXIES": "0",
            "AXES_ENABLED": "false",
            "MEDIA_ROOT": "/tmp/dash_tasks_bench_media",
        }
    )
    web = subprocess.Popen([GUNICORN, "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env)
    worker = subprocess.Popen([PYTHON, "manage.py", "worker", "--interval", "0.1"], cwd=ROOT, env=env)
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return web, worker, env
        except OSError:
            time.sleep(0.1)
    web.terminate()
    worker.terminate()
    raise SystemExit("gunicorn did not start")


def load(args: argparse.Namespace, label: str, exporting: Browser | None, pack: int) -> tuple[Run, int]:
    """Drive the public pages for --load-seconds; with ``exporting``, export back to back meanwhile."""
    run = Run(label)
    done = threading.Event()
    exports = 0

    def keep_exporting() -> None:
        nonlocal exports
        while not done.is_set():
            export_as_job(exporting, pack)
            exports += 1

    thread = threading.Thread(target=keep_exporting, daemon=True) if exporting else None
    if thread:
        thread.start()
        time.sleep(1)
    print(f"{label}: {args.load_seconds:g} s at {args.connections} connections...", flush=True)
    asyncio.run(drive(args.port, args.connections, args.load_seconds, 0, run))
    done.set()
    if thread:
        thread.join(120)
    return run, exports


def report_exports(
    runs: int,
    clicks: list[float],
    readies: list[float],
    baseline: list[float],
    first_click: float,
    first_ready: float,
) -> None:
    """Print the export timings side by side: as a job, and inside the request."""
    print(f"{'':46}{'as a job':>14}{'in the request':>18}")
    print(f"{f'click response, median of {runs} (ms)':46}{statistics.median(clicks) * 1000:14.0f}")
    print(f"{'click response, slowest (ms)':46}{max(clicks) * 1000:14.0f}")
    job_ready, request_ready = statistics.median(readies), statistics.median(baseline)
    print(f"{f'three files ready, median of {runs} (s)':46}{job_ready:14.2f}{request_ready:18.2f}")
    print(
        f"{'three files ready, first export (s)':46}{first_ready:14.2f}  (click {first_click * 1000:.0f} ms)"
    )
    print()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8114)
    parser.add_argument("--database", default="dash_tasks_bench")
    parser.add_argument("--redis-db", type=int, default=0, help="unused: this run keeps its cache in memory")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load-seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the database and static files")
    parser.add_argument("--load-only", action="store_true", help="skip the export timings; only the load run")
    args = parser.parse_args()
    if not args.skip_prepare:
        print("Preparing PostgreSQL (25 measures x 20 years) and static files...", flush=True)
        prepare(args)
    env = environment(args, 0)
    pack = int(subprocess.run([PYTHON, "-c", SETUP.format(password=PASSWORD)], cwd=ROOT, env=env,
                              check=True, capture_output=True, text=True).stdout.split()[-1])  # fmt: skip
    web, worker, _ = start(args)
    try:
        browser = Browser(args.port)
        browser.sign_in()
        print("First export as a job (the worker starts its Chromium)...", flush=True)
        first_click, first_ready = export_as_job(browser, pack)
        clicks, readies, baseline = [], [], []
        for i in range(0 if args.load_only else args.runs):
            click, ready = export_as_job(browser, pack)
            clicks.append(click)
            readies.append(ready)
            print(
                f"  job run {i + 1}: click {click * 1000:.0f} ms, three files ready {ready:.2f} s", flush=True
            )
        for i in range(0 if args.load_only else args.runs):
            baseline.append(export_in_request(browser, pack))
            print(f"  in-request run {i + 1}: three files {baseline[-1]:.2f} s", flush=True)
        print("Warming every page in every gunicorn worker...", flush=True)
        asyncio.run(drive(args.port, len(PAGES), 0, len(PAGES) * 20, Run("warm-up")))
        quiet, _ = load(args, "pages alone", None, pack)
        exporter = Browser(args.port)
        exporter.sign_in()
        busy, exports = load(args, "pages while exporting", exporter, pack)
    finally:
        worker.terminate()
        web.terminate()
        worker.wait(60)
        web.wait(30)

    runs = args.runs
    print()
    if clicks:
        report_exports(runs, clicks, readies, baseline, first_click, first_ready)
    print(f"{'public pages':28} | {'alone':^27} | {f'with {exports} exports running':^27}")
    print(f"{'':28}" + f" | {'median ms':>10} {'p95 ms':>8} {'reqs':>7}" * 2)
    for path in [*PAGES, None]:
        row = f"{path or 'every page':28}"
        for run in (quiet, busy):
            times = run.times.get(path, [0.0]) if path else [t for ts in run.times.values() for t in ts]
            row += f" | {statistics.median(times) * 1000:10.1f} {ms(times, 0.95):8.1f} {len(times):7}"
        print(row)
    failed = quiet.errors + busy.errors + quiet.server_errors + busy.server_errors
    print(f"\nerrors and 5xx: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
