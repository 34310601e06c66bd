"""Run the dashboard's SPC on any series and print it in NHSRplotthedots' vocabulary.

    manage.py spc FILE [--direction increase|decrease|neutral] [--target NUMBER]
        [--rebase DATE ...] [--screen-outliers | --no-screen-outliers] [--fix-after N]
        [--min-points N] [--chart xmr|p]

FILE is a CSV with the columns date,value (ISO dates in any order, a blank value for a missing
month); with numerator,denominator columns as well it gets a p-chart, as a percentage measure
does on its page. The JSON on standard output has one entry per date with its value, mean,
upper and lower limits and class, and the assurance. A file that cannot be read exits with
status 2 and says which row and column are wrong. Reads nothing from the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from performance.spc import Chart, analyse
from performance.spc.reference import DIRECTIONS, SeriesError, read_series, reference_json

MIN_FIX_AFTER = 12  # as NHSRplotthedots' fix_after_n_points


def refuse(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _date(text: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise refuse(f"{flag} {text!r} is not an ISO date such as 2016-04-01.") from None


class Command(BaseCommand):
    help = "Run the dashboard's SPC on a CSV of date,value and print the result as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="A CSV with the columns date,value.")
        parser.add_argument("--direction", default="increase", help="increase, decrease or neutral.")
        parser.add_argument("--target", help="The target, in the series' units.")
        parser.add_argument(
            "--rebase", action="append", default=[], help="First date of a new segment (repeatable)."
        )
        parser.add_argument(
            "--screen-outliers",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Screen moving ranges as NHSRplotthedots does (the default), or keep them all (Excel).",
        )
        parser.add_argument(
            "--fix-after", help="Fix each segment's limits on its first N points (12 or more)."
        )
        parser.add_argument("--min-points", help="The fewest points limits are drawn from.")
        parser.add_argument("--chart", help="xmr or p (p needs numerator and denominator columns).")

    def handle(self, *args, file: Path, **options) -> None:
        direction = options["direction"]
        if direction not in DIRECTIONS:
            raise refuse(f"--direction {direction!r}: expected increase, decrease or neutral.")
        target = self._number(options["target"], "--target")
        fix_after = self._count(options["fix_after"], "--fix-after")
        minimum = self._count(options["min_points"], "--min-points")
        min_points = settings.SPC_MIN_POINTS if minimum is None else minimum
        if minimum is not None and minimum < 2:
            raise refuse(f"--min-points {minimum}: limits need at least 2 points.")
        fewest = max(MIN_FIX_AFTER, min_points)
        if fix_after is not None and fix_after < fewest:
            raise refuse(f"--fix-after {fix_after}: the limits are fixed on at least {fewest} points.")
        rebases = [_date(text, "--rebase") for text in options["rebase"]]
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise refuse(f"{file}: no such file.") from None
        except UnicodeDecodeError:
            raise refuse(f"{file}: not a UTF-8 text file.") from None
        except OSError as error:
            raise refuse(f"{file}: cannot be read ({error.strerror}).") from None
        try:
            series = read_series(text)
        except SeriesError as error:
            raise refuse(f"{file}: {error}") from None
        chart = self._chart(options["chart"], series.has_parts, file)
        result = analyse(
            series.observations,
            polarity=DIRECTIONS[direction],
            chart=chart,
            rebase_at=rebases,
            target=target,
            min_points=min_points,
            screen_outliers=options["screen_outliers"],
            fix_after=fix_after,
        )
        self.stdout.write(json.dumps(reference_json(result, series.dates), indent=2))
        for rebase in result.rebases:
            if not rebase.applied:
                self.stderr.write(f"Rebase at {rebase.requested.isoformat()} not applied: {rebase.reason}")
        if not result.ready:
            self.stderr.write(result.reason)

    @staticmethod
    def _number(text: str | None, flag: str) -> Decimal | None:
        if text is None:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise refuse(f"{flag} {text!r} is not a number.") from None
        if not number.is_finite():
            raise refuse(f"{flag} {text!r} is not a finite number.")
        return number

    @staticmethod
    def _count(text: str | None, flag: str) -> int | None:
        if text is None:
            return None
        if not text.isdigit():
            raise refuse(f"{flag} {text!r} is not a whole number.")
        return int(text)

    @staticmethod
    def _chart(name: str | None, has_parts: bool, file: Path) -> Chart:
        if name is None:
            return Chart.P if has_parts else Chart.XMR
        if name not in {"xmr", "p"}:
            raise refuse(f"--chart {name!r}: expected xmr or p.")
        if name == "p" and not has_parts:
            raise refuse(f"{file}: a p-chart needs the columns numerator and denominator.")
        return Chart(name)
