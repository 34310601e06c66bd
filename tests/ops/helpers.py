"""Run Django in a child process with an environment of our choosing (production, a dead database)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_django(
    command: list[str], env: dict[str, str], timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in the project folder with only PATH, HOME and LANG from our environment
    plus ``env``, so no DATABASE_URL or DJANGO_ENV of the test run leaks in; return the result."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**keep, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
