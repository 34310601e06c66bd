"""No secret is committed: every tracked file is scanned for keys, tokens and passwords."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "password in a URL": re.compile(r"[a-z+]+://[^/\s:@'\"]+:(?!password@|PASSWORD@|\$\{?)[^/\s:@'\"]{3,}@"),
    "Django secret key literal": re.compile(r"SECRET_KEY\s*=\s*['\"](?!dev-only-insecure)[^'\"$]{20,}['\"]"),
    "generated Django key": re.compile(r"django-insecure-[a-z0-9!@#$%^&*(\-_=+)]{20,}"),
}
# Files that must never be committed at all.
FORBIDDEN_NAMES = re.compile(r"(^|/)(\.env|id_rsa|id_ed25519|.*\.pem|.*\.key|db\.sqlite3)$")


def tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.decode().split("\0") if name]


def test_no_tracked_file_is_a_secret_by_its_name():
    names = [str(p.relative_to(ROOT)) for p in tracked_files()]
    assert [n for n in names if FORBIDDEN_NAMES.search(n)] == []


def test_no_tracked_file_contains_a_secret():
    found = []
    for path in tracked_files():
        if not path.is_file() or path.stat().st_size > 5_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for label, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(ROOT)}: {label}: {match.group(0)[:40]}")
    assert found == []


@pytest.mark.parametrize(
    "leak",
    [
        # Built from parts, so this file does not trip its own scan.
        "DATABASE_URL=postgres://dashboard:" + "s3cr3t-Pass@db.internal:5432/dashboard",
        "SECRET_KEY = " + '"k8#2mV9pQx7LzR4tYw1nB6cD3fG5hJ0s"',
        "AKIA" + "IOSFODNN7EXAMPLQ",
        "-----BEGIN OPENSSH " + "PRIVATE KEY-----",
    ],
)
def test_the_scanner_would_catch_a_leak(leak):
    assert any(pattern.search(leak) for pattern in PATTERNS.values())
