"""A stand-in for ``performance.validation`` (owned by the imports branch) until it is merged.

It follows that module's contract (``ValueValidator(measures=..., today=...)``, ``check(...) ->
list[Problem]``) with the model's own rules only; ``performance.entry`` imports the real module
when it is there. Delete this file once the imports branch is merged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from performance.models import Measure, MeasureValue


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    needs_reason: bool = False


class ValueValidator:
    def __init__(self, measures: Iterable[Measure] | None = None, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        ids = None if measures is None else [m.id for m in measures]
        rows = MeasureValue.objects.all()
        if ids is not None:
            rows = rows.filter(measure_id__in=ids)
        self.taken = {(m, p): pk for pk, m, p in rows.values_list("pk", "measure_id", "period")}

    def check(
        self,
        measure: Measure,
        month: dt.date,
        value: Decimal,
        numerator: Decimal | None = None,
        denominator: Decimal | None = None,
        *,
        instance_pk: int | None = None,
        reason: str = "",
    ) -> list[Problem]:
        where = f"{measure.code} {measure.name}, {month:%B %Y}"
        problems: list[Problem] = []
        if month > self.today.replace(day=1):
            problems.append(Problem("period", f"{where}: the month is in the future."))
        if measure.started_on and month < measure.started_on:
            problems.append(Problem("period", f"{where}: the measure did not exist yet."))
        taken = self.taken.get((measure.id, month))
        if taken is not None and taken != instance_pk:
            problems.append(Problem("period", f"{where}: there is already a value for this month."))
        candidate = MeasureValue(
            measure=measure, period=month, value=value, numerator=numerator, denominator=denominator
        )
        try:
            candidate.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                problems.extend(Problem(field, message) for message in messages)
        return problems
