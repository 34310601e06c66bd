"""Run a worker: sweep jobs lost by dead workers, then claim and run tasks until stopped.

A thin wrapper around django-tasks-db's ``db_worker`` (every option passes through, e.g.
``--batch`` or ``--max-tasks``). Run as many as the machine has room for, on any machine that
reaches the database.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from core.jobs import jobs_sweep


class Command(BaseCommand):
    help = "Sweep lost jobs, then run tasks from the database queue (db_worker's options apply)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run every waiting task, then exit.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many tasks.")
        parser.add_argument("--interval", type=float, default=1, help="Seconds between polls when idle.")
        parser.add_argument("--worker-id", default=None, help="Unique across the pool (default: random).")
        parser.add_argument("--reload", action="store_true", help="Restart on code changes (development).")

    def handle(self, *args: Any, **options: Any) -> None:
        for job in jobs_sweep():
            self.stdout.write(f"Lost job {job.pk} ({job.title}): {job.get_state_display().lower()}")
        passed: dict[str, Any] = {
            "interval": options["interval"],
            "batch": options["batch"],
            "reload": options["reload"],
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"]:
            passed["max_tasks"] = options["max_tasks"]
        if options["worker_id"]:
            passed["worker_id"] = options["worker_id"]
        call_command("db_worker", **passed)
