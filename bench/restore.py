"""Time a backup of 25 measures x 20 years of months and its restore into a new PostgreSQL database.

    .venv/bin/python bench/restore.py [--database restore_bench]

It (re)creates the database ``--database`` and ``--database``_restored, fills the first with
``tests.datasets.build_large_dataset``, backs it up, migrates the second, and restores into it
with ``manage.py restore`` (a process of its own, as an operator would run it), then prints the
rows, the archive's size and the seconds each step took. Needs PostgreSQL at 127.0.0.1:5432
(user postgres).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"


def manage(database: str, *args: str) -> float:
    """Run manage.py against ``database``; return the seconds it took."""
    env = {**os.environ, "DJANGO_ENV": "test", "DATABASE_URL": f"{SERVER}/{database}", "LOG_LEVEL": "ERROR"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def recreate(name: str) -> None:
    for command in (["dropdb", "--if-exists", "--force"], ["createdb"]):
        subprocess.run([*command, "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="restore_bench")
    args = parser.parse_args()
    source, target = args.database, f"{args.database}_restored"
    for name in (source, target):
        recreate(name)
    manage(source, "migrate", "--no-input", "-v0")
    manage(target, "migrate", "--no-input", "-v0")
    build = "from tests.datasets import build_large_dataset; build_large_dataset()"
    manage(source, "shell", "-c", build)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.tar.gz"
        backup_seconds = manage(source, "backup", str(path))
        restore_seconds = manage(target, "restore", str(path))
        size = path.stat().st_size
    print(f"archive {size / 1024:.0f} KiB; backup {backup_seconds:.1f} s; restore {restore_seconds:.1f} s")
    print("(each time includes starting the process and setting Django up)")


if __name__ == "__main__":
    main()
