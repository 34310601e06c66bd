"""Calendar months: the period every monthly figure is held for (the first day of its month)."""

from __future__ import annotations

import datetime as dt

from core.choices import DatePrecision


def month_end(month: dt.date) -> dt.date:
    """Return the last day of ``month``'s month."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Return the first days of every month from ``start`` to ``end`` inclusive."""
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def precise_date_label(day: dt.date, precision: str) -> str:
    """Return ``day`` written only as precisely as ``precision`` (a DatePrecision) allows."""
    if precision == DatePrecision.YEAR:
        return f"{day:%Y}"
    if precision == DatePrecision.SEASON:
        season = {6: "Summer", 3: "Spring", 9: "Autumn", 12: "Winter"}.get(day.month, "")
        return f"{season} {day:%Y}".strip()
    if precision == DatePrecision.MONTH:
        return f"{day:%B %Y}"
    if precision == DatePrecision.BY_MONTH:
        return f"by {day:%B %Y}"
    return f"{day.day} {day:%B %Y}"
