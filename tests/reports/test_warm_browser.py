"""The worker's warm Chromium: one browser for every export, a new one once it has crashed."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from reports.render import browser
from tests.browser.conftest import chromium_missing_reason

pytestmark = pytest.mark.browser

FIGURE = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], "layout": {}}


@pytest.fixture(autouse=True)
def _fresh():
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    browser.close_warm_session()
    yield
    browser.close_warm_session()


def _descendants(pid: int) -> list[int]:
    """Return the ids of every process started (directly or not) by ``pid``, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def _chromium_processes() -> list[int]:
    out = []
    for pid in _descendants(os.getpid()):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue
        if b"chrom" in command:
            out.append(pid)
    return out


def test_every_export_in_a_process_reuses_one_warm_browser():
    first = browser.warm_session()
    first.svg(FIGURE)

    second = browser.warm_session()

    assert second is first
    assert second.alive()
    assert second.svg(FIGURE).startswith("<svg")


def test_a_crashed_browser_is_noticed_and_replaced_by_a_new_one():
    first = browser.warm_session()
    for pid in _chromium_processes():
        os.kill(pid, signal.SIGKILL)

    second = browser.warm_session()

    assert not first.alive()
    assert second is not first
    assert second.alive()
    assert second.svg(FIGURE).startswith("<svg")
