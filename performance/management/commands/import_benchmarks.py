"""Load one column of a DfE Explore Education Statistics CSV as a measure's benchmarks.

    manage.py import_benchmarks FILE --measure CODE --column COLUMN [--where name=value ...]

For example, Birmingham's and England's re-referral rates:
    manage.py import_benchmarks \\
        ../shared/data/dfe/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv \\
        --measure rereferrals --column rereferral_percent
Safe to re-run: it replaces what it loaded before. With --queue it starts a job that a worker
runs (its page shows the progress) and prints the job's page.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from performance.benchmarks.services import BenchmarkFileError, load_ees
from performance.benchmarks.tasks import benchmarks_import_start
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
        parser.add_argument("--queue", action="store_true", help="Load it in a worker, as a job.")

    def handle(
        self, *args, file: Path, measure: str, column: str, where: list[str], queue: bool, **options
    ) -> None:
        try:
            chosen = Measure.objects.get(code=measure)
        except Measure.DoesNotExist as error:
            raise CommandError(f"No measure has the code {measure!r}.") from error
        filters = dict(item.split("=", 1) for item in where)
        if queue:
            job, created = benchmarks_import_start(
                data=file.read_bytes(),
                file_name=file.name,
                measure=chosen,
                column=column,
                where=filters,
                user=None,
            )
            state = "Started" if created else "Already under way:"
            self.stdout.write(f"{state} job {job.pk}, {job.title}: {reverse('dashboard:job', args=[job.pk])}")
            return
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
