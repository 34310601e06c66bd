"""How a month's figure relates to the published year, and the one rounding rule: pure functions.

Every measure has a basis (the values of ``performance.models.Basis``):

| basis        | a month is                    | the figure comparable with the published year        |
|--------------|-------------------------------|------------------------------------------------------|
| count        | the events in the month       | the sum of the 12 months to it                       |
| rate         | the month's events per 10,000 | the 12 months' events over the child population      |
| percentage   | numerator over denominator    | the 12 months' numerators over their denominators    |
| position     | the figure at the month's end | the month itself (the year's figure is its last)     |
| average      | the average at the month's end| the month itself (the year's figure is its last)     |

The rolling figure needs all 12 months; with any missing it is not known, never estimated.
The rounding rule, for every comparison on every page: a figure is rounded to the measure's
decimal places, half away from zero (``ROUND_HALF_UP``), before it is compared with anything.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

COUNT = "count"
RATE = "rate"
PERCENTAGE = "percentage"
POSITION = "position"
AVERAGE = "average"
ROLLING_BASES = frozenset({COUNT, RATE, PERCENTAGE})
WORKFORCE = "workforce"
MONTH_TARGET = "month"
YEAR_TARGET = "year"
ROLLING_MONTHS = 12


def shown(value: Decimal, places: int) -> Decimal:
    """Return ``value`` as the page shows it: rounded to ``places`` decimal places, half up."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class MonthFigure(Protocol):
    """A month's figure: ``performance.spc.Observation`` or anything with these fields."""

    period: dt.date
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None


def add_months(period: dt.date, months: int) -> dt.date:
    """Return the first day of the month ``months`` after ``period`` (before it when negative)."""
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def dfe_year(period: dt.date, year_basis: str) -> int:
    """Return the DfE year a month belongs to: April 2015 to March 2016 is 2016; a workforce
    year runs from October to the 30 September it is named after."""
    if year_basis == WORKFORCE:
        return period.year + 1 if period.month >= 10 else period.year
    return period.year + 1 if period.month >= 4 else period.year


def year_end_month(year: int, year_basis: str) -> dt.date:
    """Return the month whose figure is the published year's: March, or September for workforce."""
    return dt.date(year, 9, 1) if year_basis == WORKFORCE else dt.date(year, 3, 1)


def year_words(year: int, year_basis: str) -> str:
    """Return a DfE year in words: "the year to 31 March 2016", or "30 September 2016"."""
    return f"30 September {year}" if year_basis == WORKFORCE else f"the year to 31 March {year}"


def dfe_published_on(year: int, year_basis: str) -> dt.date:
    """Return when DfE is assumed to publish a year's figure, from its usual calendar.

    Children in need, child protection and looked-after figures for the year to 31 March come
    out in the autumn of that year (October to November): assumed 30 November. The workforce
    census at 30 September comes out the next February: assumed its last day.
    """
    if year_basis == WORKFORCE:
        return dt.date(year + 1, 2, calendar.monthrange(year + 1, 2)[1])
    return dt.date(year, 11, 30)


def month_end(period: dt.date) -> dt.date:
    """Return the last day of ``period``'s month: the date a page or pack for it is "as at"."""
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


@dataclass(frozen=True)
class Comparable:
    """A month's figure comparable with the published year, and what it covers.

    ``rolling`` is True for a 12-month figure (``label`` "12 months to March 2016"), False when
    the month itself is the comparable figure (``label`` "March 2016").
    """

    value: Decimal
    period: dt.date
    rolling: bool

    @property
    def label(self) -> str:
        return f"12 months to {self.period:%B %Y}" if self.rolling else f"{self.period:%B %Y}"


def comparables(
    basis: str,
    months: Sequence[MonthFigure],
    *,
    population: Mapping[int, Decimal] | None = None,
    year_basis: str = "financial",
) -> dict[dt.date, Comparable]:
    """Return the comparable figure of every month that has one (see ``comparable``)."""
    by_period = {m.period: m for m in months}
    found = {}
    for period in by_period:
        figure = _comparable(basis, by_period, period, population or {}, year_basis)
        if figure is not None:
            found[period] = figure
    return found


def comparable(
    basis: str,
    months: Sequence[MonthFigure],
    period: dt.date,
    *,
    population: Mapping[int, Decimal] | None = None,
    year_basis: str = "financial",
) -> Comparable | None:
    """Return the figure for ``period`` comparable with the published year, or None.

    ``months`` are the measure's approved months (any order); ``population`` is the council's
    child population by DfE year, needed for a rate: each month's events are its rate times
    its own year's population, and the 12 months' events are divided by the population of the
    year ``period`` is in. None when a month of the 12 (or its counts, or a population) is
    missing, or ``period`` has no figure.
    """
    return _comparable(basis, {m.period: m for m in months}, period, population or {}, year_basis)


def _comparable(
    basis: str,
    by_period: Mapping[dt.date, MonthFigure],
    period: dt.date,
    population: Mapping[int, Decimal],
    year_basis: str,
) -> Comparable | None:
    if basis not in ROLLING_BASES:
        month = by_period.get(period)
        return Comparable(month.value, period, rolling=False) if month else None
    found = [by_period.get(add_months(period, -k)) for k in range(ROLLING_MONTHS)]
    window = [m for m in found if m is not None]
    if len(window) < ROLLING_MONTHS:
        return None
    if basis == COUNT:
        return Comparable(sum((m.value for m in window), Decimal(0)), period, rolling=True)
    if basis == PERCENTAGE:
        numerators = [m.numerator for m in window if m.numerator is not None]
        denominators = [m.denominator for m in window if m.denominator]
        if len(numerators) < ROLLING_MONTHS or len(denominators) < ROLLING_MONTHS:
            return None
        return Comparable(100 * sum(numerators, Decimal(0)) / sum(denominators, Decimal(0)), period, True)
    own = dfe_year(period, year_basis)
    years = {dfe_year(m.period, year_basis) for m in window} | {own}
    if any(population.get(y) is None for y in years):
        return None
    events = sum((m.value * population[dfe_year(m.period, year_basis)] for m in window), Decimal(0))
    return Comparable(events / population[own], period, rolling=True)


def judged_figure(
    target_basis: str, month_value: Decimal, comparable_figure: Comparable | None
) -> Decimal | None:
    """Return the figure a target on ``target_basis`` judges: the month's, or the year's (or None)."""
    if target_basis == YEAR_TARGET:
        return comparable_figure.value if comparable_figure else None
    return month_value


def months_on_year_scale(basis: str) -> bool:
    """Whether a single month's figure is on the published year's scale (not a twelfth of it)."""
    return basis not in (COUNT, RATE)
