"""Browser tests drive Debian's Chromium through Playwright; skipped with a message without it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; Django refuses database calls from one unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def chromium_missing_reason() -> str | None:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        return (
            f"Chromium not found at {CHROMIUM}: browser tests skipped. "
            "Install it with `apt-get install chromium` (or run .ci/run, which does)."
        )
    return None


@pytest.fixture(scope="session")
def browser():
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()
