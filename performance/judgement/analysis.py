"""The plain data a judgement reads: approved points and the targets in force.

Nothing here touches the database. RAG, direction, comparisons and assurance are decided in
``performance.judgement.judgement`` alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class Point:
    """One approved monthly value."""

    period: dt.date
    value: Decimal


@dataclass(frozen=True)
class TargetSpan:
    """A target with its tolerance and basis (``month`` or ``year``), in force from
    ``valid_from`` to ``valid_to`` (open when None)."""

    value: Decimal
    tolerance: Decimal
    valid_from: dt.date
    valid_to: dt.date | None = None
    provenance: str = ""
    basis: str = "month"

    def covers(self, period: dt.date) -> bool:
        return self.valid_from <= period and (self.valid_to is None or period <= self.valid_to)


class Dated(Protocol):
    valid_from: dt.date
    valid_to: dt.date | None


TargetT = TypeVar("TargetT", bound=Dated)


def target_for(targets: Iterable[TargetT], period: dt.date) -> TargetT | None:
    """Return the target in force in ``period``, or None. Targets must not overlap (the model checks)."""
    return next(
        (t for t in targets if t.valid_from <= period and (t.valid_to is None or period <= t.valid_to)),
        None,
    )
