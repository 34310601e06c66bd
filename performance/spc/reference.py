"""Any series in, the dashboard's SPC out, in NHSRplotthedots' vocabulary (for ``manage.py spc``).

``read_series`` parses a CSV with the columns ``date,value`` (and, for a p-chart,
``numerator,denominator``); ``reference_json`` turns an ``SpcResult`` into the package's words:
``common_cause``, ``special_cause_improvement``, ``special_cause_concern``,
``special_cause_neutral_high``, ``special_cause_neutral_low`` for the points and
``consistent_pass``, ``consistent_fail``, ``inconsistent`` for the assurance, so the two tools'
outputs can be compared line by line. Pure: text in, plain data out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from performance.spc.types import Assurance, Observation, PointClass, SpcResult

DIRECTIONS = {"increase": "higher", "decrease": "lower", "neutral": "context"}
POINT_TYPES = {
    PointClass.COMMON_CAUSE: "common_cause",
    PointClass.IMPROVEMENT: "special_cause_improvement",
    PointClass.CONCERN: "special_cause_concern",
    PointClass.NEITHER_HIGH: "special_cause_neutral_high",
    PointClass.NEITHER_LOW: "special_cause_neutral_low",
}
ASSURANCE_TYPES = {
    Assurance.CONSISTENTLY_MET: "consistent_pass",
    Assurance.CONSISTENTLY_MISSED: "consistent_fail",
    Assurance.HIT_AND_MISS: "inconsistent",
}
COLUMNS = ("date", "value")
PARTS = ("numerator", "denominator")


class SeriesError(ValueError):
    """A file that cannot be read as a series; the message names the row and the column."""


@dataclass(frozen=True)
class Series:
    """The observations read (missing months left out) and every date in the file, in order."""

    observations: list[Observation]
    dates: list[dt.date]
    has_parts: bool


def _number(text: str, row: int, column: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise SeriesError(f"Row {row}, {column}: {text!r} is not a number.") from None
    if not number.is_finite():
        raise SeriesError(f"Row {row}, {column}: {text!r} is not a finite number.")
    return number


def read_series(text: str) -> Series:
    """Return the series in ``text`` (a CSV), or raise ``SeriesError`` saying what is wrong.

    The header must be ``date,value`` or ``date,value,numerator,denominator``. Dates are ISO
    (2016-04-01), in any order, one row a month; a blank value is a missing month. With the
    parts, a row's numerator and denominator are both given or both blank. Changes nothing.
    """
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if tuple(header) not in {COLUMNS, COLUMNS + PARTS}:
        shown = ",".join(header) or "nothing"
        raise SeriesError(
            f"Row 1 (the header) reads {shown!r}: expected the columns date,value"
            " (or date,value,numerator,denominator)."
        )
    has_parts = len(header) == 4
    observations: list[Observation] = []
    dates: list[dt.date] = []
    months: dict[tuple[int, int], int] = {}
    for row, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise SeriesError(f"Row {row}: {len(cells)} columns where the header has {len(header)}.")
        raw = cells[0].strip()
        try:
            date = dt.date.fromisoformat(raw)
        except ValueError:
            raise SeriesError(f"Row {row}, date: {raw!r} is not an ISO date such as 2016-04-01.") from None
        if (date.year, date.month) in months:
            raise SeriesError(
                f"Row {row}, date: {date:%B %Y} appears twice (first in row {months[date.year, date.month]})."
            )
        months[date.year, date.month] = row
        dates.append(date)
        value = _number(cells[1], row, "value")
        numerator = _number(cells[2], row, "numerator") if has_parts else None
        denominator = _number(cells[3], row, "denominator") if has_parts else None
        if has_parts and (numerator is None) != (denominator is None):
            raise SeriesError(f"Row {row}: give both the numerator and the denominator, or neither.")
        if value is None and numerator is None:
            continue
        if value is None and numerator is not None and denominator:
            value = numerator * 100 / denominator
        if value is None:
            raise SeriesError(f"Row {row}, value: blank, and the parts cannot give it (a zero denominator).")
        observations.append(Observation(date, value, numerator, denominator))
    if not dates:
        raise SeriesError("The file has a header but no rows.")
    return Series(observations=observations, dates=sorted(dates), has_parts=has_parts)


def _number_out(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def reference_json(result: SpcResult, dates: Sequence[dt.date]) -> dict[str, Any]:
    """Return ``result`` as the package would print it: one entry per date, and the assurance.

    A missing month, or any point when the series is too short, has null limits and class.
    """
    points = {p.period: p for p in result.points}
    out = []
    for date in sorted(dates):
        point = points.get(date)
        limits = point.limits if point is not None else None
        out.append(
            {
                "date": date.isoformat(),
                "value": _number_out(point.value if point is not None else None),
                "mean": _number_out(limits.mean if limits else None),
                "upper": _number_out(limits.upper if limits else None),
                "lower": _number_out(limits.lower if limits else None),
                "class": POINT_TYPES[point.klass] if point is not None and point.klass is not None else None,
            }
        )
    return {
        "points": out,
        "assurance": ASSURANCE_TYPES[result.assurance] if result.assurance is not None else None,
    }
