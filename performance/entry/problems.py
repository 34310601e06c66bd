"""Validating what officers type, for the one-value form and the month grid alike.

Both entry screens call ``problems_for`` with the same ``ValueValidator`` (performance.entry.validation,
the rules the importer uses too), so neither screen can accept a value the other would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from performance.entry.services import Entry
from performance.entry.validation import Problem, ValueValidator
from performance.models import Measure

__all__ = ["Problem", "ValueValidator", "problems_for", "validator_for"]


def validator_for(measures: Iterable[Measure] | None, today: dt.date | None = None) -> ValueValidator:
    """Return a validator preloaded for ``measures`` (a few queries, not one per value)."""
    return ValueValidator(measures=measures, today=today)


def problems_for(
    validator: ValueValidator,
    measure: Measure,
    month: dt.date,
    entry: Entry,
    *,
    instance_pk: int | None = None,
) -> list[Problem]:
    """Return the problems with ``entry``; an outlier with a reason given is no problem."""
    return validator.check(
        measure,
        month,
        entry.value,
        entry.numerator,
        entry.denominator,
        instance_pk=instance_pk,
        reason=entry.outlier_reason,
    )
