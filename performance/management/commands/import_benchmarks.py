"""Load one column of a DfE Explore Education Statistics file (CSV or .xlsx) as a measure's benchmarks.

    manage.py import_benchmarks FILE --measure CODE --column COLUMN [--where name=value ...]

For example, Birmingham's and England's re-referral rates:
    manage.py import_benchmarks \\
        ../shared/data/dfe/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv \\
        --measure rereferrals --column rereferral_percent
Safe to re-run: for the years in the file, it replaces what was loaded before.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.benchmarks.services import BenchmarkFileError, import_file


def parse_where(items: list[str]) -> dict[str, str]:
    """Return ``name=value`` items as a dict; refuse one without ``=`` or a name given twice."""
    found: dict[str, str] = {}
    for item in items:
        name, equals, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name:
            raise CommandError(
                f"--where {item!r} needs the form name=value, e.g. "
                "--where 'population_type=Children looked after on 31 March each year'."
            )
        if name in found and found[name] != value:
            raise CommandError(f"--where names {name} twice ({found[name]!r} and {value!r}); keep one.")
        found[name] = value
    return found


class Command(BaseCommand):
    help = (
        "Load one column of a DfE EES file (CSV or .xlsx) as a measure's benchmarks "
        "(England, region, neighbours, every LA)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--measure", required=True, help="The measure's code.")
        parser.add_argument("--column", required=True, help="The file's column holding the figure.")
        parser.add_argument(
            "--where", action="append", default=[], help="Keep rows where name=value (repeatable)."
        )

    def handle(self, *args, file: Path, measure: str, column: str, where: list[str], **options) -> None:
        filters = parse_where(where)
        try:
            result = import_file(file, measure_code=measure, column=column, where=filters)
        except BenchmarkFileError as error:
            raise CommandError(f"{file.name}: {error}") from None
        self.stdout.write(f"{measure}: {result.summary}")
