"""Load one column of a DfE Explore Education Statistics CSV as a measure's benchmarks.

    manage.py import_benchmarks FILE --measure CODE --column COLUMN [--where name=value ...]

For example, Birmingham's and England's re-referral rates:
    manage.py import_benchmarks \\
        ../shared/data/dfe/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv \\
        --measure rereferrals --column rereferral_percent
Safe to re-run: it replaces what it loaded before.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.benchmarks.services import BenchmarkFileError, load_ees
from performance.models import Measure


class Command(BaseCommand):
    help = (
        "Load one column of a DfE EES CSV as a measure's benchmarks (England, region, neighbours, every LA)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--measure", required=True, help="The measure's code.")
        parser.add_argument("--column", required=True, help="The file's column holding the figure.")
        parser.add_argument(
            "--where", action="append", default=[], help="Keep rows where name=value (repeatable)."
        )

    def handle(self, *args, file: Path, measure: str, column: str, where: list[str], **options) -> None:
        try:
            chosen = Measure.objects.get(code=measure)
        except Measure.DoesNotExist as error:
            raise CommandError(f"No measure has the code {measure!r}.") from error
        filters = dict(item.split("=", 1) for item in where)
        try:
            result = load_ees(
                file.read_bytes(), measure=chosen, column=column, where=filters, source=file.name
            )
        except (OSError, BenchmarkFileError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{chosen.code}: {result.created} benchmarks added, {result.updated} updated, "
            f"{result.suppressed} suppressed kept as missing."
        )
