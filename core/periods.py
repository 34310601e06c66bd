"""Calendar months: the period every monthly figure is held for (the first day of its month)."""

from __future__ import annotations

import datetime as dt


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
