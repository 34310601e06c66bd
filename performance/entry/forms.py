"""Forms for officers' entry: one value at a time (admin change form) and the month grid."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from core.versioned_admin import VersionedForm
from performance.entry.problems import Problem, problems_for, validator_for
from performance.entry.services import Entry
from performance.models import Measure, MeasureValue, ValueStatus

OUTLIER_ASK = "If the value is right, say why in the reason box and save again."


def add_problems(form: forms.Form, problems: list[Problem], reason_field: str, prefix_fields: dict) -> None:
    """Put each problem beside its box: ``prefix_fields`` maps the validator's field names to
    the form's; an outlier (needs a reason) goes beside the reason box."""
    for problem in problems:
        if problem.needs_reason:
            form.add_error(reason_field, f"{problem.message} {OUTLIER_ASK}")
        else:
            form.add_error(prefix_fields.get(problem.field), problem.message)


class MeasureValueForm(VersionedForm):
    """One month's value, checked by the same validator as the month grid and the importer."""

    class Meta:
        model = MeasureValue
        fields = ["measure", "period", "value", "numerator", "denominator", "note", "outlier_reason"]

    def needs_reason(self) -> bool:
        """Only an approved value needs a reason to change (it goes back through approval)."""
        return (
            self.instance.pk is not None
            and self.instance.status == ValueStatus.APPROVED
            and bool(set(self.changed_data) - {"change_note", "opened_version"})
        )

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            value=data["value"],
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            note=data.get("note", ""),
            outlier_reason=data.get("outlier_reason", "").strip(),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        measure: Measure | None = cleaned.get("measure") or (
            self.instance.measure if self.instance.pk else None
        )
        period: dt.date | None = cleaned.get("period") or self.instance.period
        if measure is None or period is None or cleaned.get("value") is None or self._errors:
            return cleaned
        problems = problems_for(
            validator_for([measure]), measure, period, self.entry(), instance_pk=self.instance.pk
        )
        names = {name: name for name in self.fields}
        add_problems(self, problems, "outlier_reason", names)
        return cleaned

    def _post_clean(self) -> None:
        # The validator has already named each problem; the model's own checks would repeat them.
        if not self._errors:
            super()._post_clean()
