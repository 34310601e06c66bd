"""Disclosure control for public outputs: the rule DfE applies to its own children's statistics.

A count from 1 to 5 is shown as "c" (primary suppression). Where a total of a group of counts is
shown beside them and only one count in the group is suppressed, the total would give it back by
subtraction, so the smallest other non-zero count is suppressed too (secondary suppression). A
percentage or rate whose numerator or denominator is a count from 1 to 5 is suppressed as well.
A suppressed figure is never read as 0: it has no value, only the symbol.

Pure functions on plain numbers. Public pages and published packs apply them to the measures
that need it (``Measure.disclosure_control``); stored values and officers' views never do.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

SYMBOL = "c"
SMALLEST, LARGEST = Decimal(1), Decimal(5)
NOTE = (
    "Disclosure control: counts of children from 1 to 5, and any figure from which one could be "
    'worked out, are shown as "c", as in DfE\'s own statistics. A "c" is not zero.'
)


def is_small(count: Decimal | int | None) -> bool:
    """Return True when ``count`` is a count from 1 to 5, which must not be published."""
    return count is not None and SMALLEST <= Decimal(count) <= LARGEST


def ratio_suppressed(numerator: Decimal | int | None, denominator: Decimal | int | None) -> bool:
    """Return True when a percentage or rate would reveal a count from 1 to 5 behind it."""
    return is_small(numerator) or is_small(denominator)


def group_suppressed(counts: Sequence[Decimal | None], *, total_shown: bool) -> list[bool]:
    """Return, for each count of a group, whether a public output must show it as "c".

    Counts from 1 to 5 are suppressed. When the group's total is shown and exactly one count is
    suppressed, the smallest other non-zero count is suppressed too, so the total cannot give the
    first back. A missing count (None) is neither shown nor suppressed.
    """
    hidden = [is_small(c) for c in counts]
    if total_shown and sum(hidden) == 1:
        others = [(c, i) for i, c in enumerate(counts) if not hidden[i] and c is not None and c != 0]
        if others:
            hidden[min(others)[1]] = True
    return hidden


def total_suppressed(counts: Sequence[Decimal | None]) -> bool:
    """Return True when the total of ``counts`` must itself be shown as "c" (it is 1 to 5)."""
    present = [c for c in counts if c is not None]
    return bool(present) and is_small(sum(present, Decimal(0)))
