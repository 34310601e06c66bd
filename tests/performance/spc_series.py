"""Builders for hand-worked SPC series shared by the SPC tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from performance.spc import Observation, months_between

START = dt.date(2015, 1, 1)


def month(offset: int, start: dt.date = START) -> dt.date:
    """Return the first day of the month ``offset`` months after ``start``."""
    index = start.year * 12 + start.month - 1 + offset
    return dt.date(index // 12, index % 12 + 1, 1)


def series(values: Sequence[int | str | None], start: dt.date = START) -> list[Observation]:
    """Return one observation a month from ``start``; None leaves that month out (a gap)."""
    return [
        Observation(period=month(i, start), value=Decimal(str(v)))
        for i, v in enumerate(values)
        if v is not None
    ]


def proportions(parts: Sequence[tuple[int, int]], start: dt.date = START) -> list[Observation]:
    """Return monthly percentage observations from (numerator, denominator) pairs."""
    return [
        Observation(
            period=month(i, start),
            value=Decimal(n) * 100 / Decimal(d) if d else Decimal(0),
            numerator=Decimal(n),
            denominator=Decimal(d),
        )
        for i, (n, d) in enumerate(parts)
    ]


def offset_of(period: dt.date, start: dt.date = START) -> int:
    return months_between(start, period)


def approved_values(measure, values: Sequence[int | str], start: dt.date, **fields) -> None:
    """Create one approved value a month for ``measure`` from ``start`` (factories: needs the db)."""
    from tests.factories import MeasureValueFactory

    for i, value in enumerate(values):
        MeasureValueFactory(measure=measure, period=month(i, start), value=Decimal(str(value)), **fields)
