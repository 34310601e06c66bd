"""The month grid: every active measure for one month on one screen, saved all-or-nothing.

Each row shows last month's value and the target beside the box, numerator and denominator
boxes where the measure uses them, and a reason box where the validator says a value is far
outside the usual range. Reading the grid takes three queries whatever the number of measures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from core.concurrency import stale_message
from performance.entry.forms import add_problems
from performance.entry.problems import problems_for, validator_for
from performance.entry.services import Entry, MonthEntry, values_save_month, where
from performance.entry.validation import derived_value
from performance.judgement.analysis import TargetSpan, target_for
from performance.judgement.basis import add_months
from performance.measures import selectors
from performance.models import Measure, MeasureValue, ValueStatus

BOX = {"inputmode": "decimal", "autocomplete": "off", "size": 8}


def opening_month(today: dt.date) -> dt.date:
    """Return the month the grid opens on: the one after the latest approved month, which is the
    next to enter; the month before ``today`` when nothing is approved yet."""
    latest = selectors.latest_approved_period()
    return add_months(latest, 1) if latest is not None else add_months(today.replace(day=1), -1)


class MonthForm(forms.Form):
    """Which month the grid shows."""

    month = forms.DateField(
        label="Month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean_month(self) -> dt.date:
        return self.cleaned_data["month"].replace(day=1)


class RowForm(forms.Form):
    """One measure's boxes. A blank value means nothing is entered for the month."""

    value = forms.DecimalField(required=False, max_digits=14, decimal_places=4, widget=forms.TextInput(BOX))
    numerator = forms.DecimalField(
        required=False, max_digits=14, decimal_places=4, widget=forms.TextInput(BOX)
    )
    denominator = forms.DecimalField(
        required=False, max_digits=14, decimal_places=4, widget=forms.TextInput(BOX)
    )
    outlier_reason = forms.CharField(
        label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 28})
    )
    opened_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, measure: Measure, stored: MeasureValue | None, **kwargs: Any) -> None:
        self.measure = measure
        self.stored = stored
        initial = {}
        if stored is not None:
            initial = {
                "value": plain(stored.value),
                "numerator": plain(stored.numerator),
                "denominator": plain(stored.denominator),
                "outlier_reason": stored.outlier_reason,
                "opened_version": stored.version,
            }
        super().__init__(*args, prefix=f"m-{measure.id}", initial=initial, **kwargs)
        for name, what in (
            ("value", "value"),
            ("numerator", "numerator"),
            ("denominator", "denominator"),
            ("outlier_reason", "reason"),
        ):
            self.fields[name].widget.attrs["aria-label"] = f"{measure.name}, {what}"
        if not measure.uses_ratio:
            del self.fields["numerator"], self.fields["denominator"]
        if self.locked:
            for field in self.fields.values():
                field.disabled = True

    @property
    def locked(self) -> bool:
        """Approved values change one at a time, with a reason, on their own page."""
        return self.stored is not None and self.stored.status == ValueStatus.APPROVED

    @property
    def wants_reason(self) -> bool:
        """Show the reason box: a reason is stored, or the validator asked for one."""
        return bool(
            self["outlier_reason"].value()
            or (self.is_bound and self._errors and "outlier_reason" in self._errors)
        )

    def entry(self) -> Entry | None:
        """Return the typed entry, or None when the value box is blank.

        A blank value with a numerator and denominator takes the value they give (100 n / d for
        a percentage, and so on), when the measure's unit relates them.
        """
        data = self.cleaned_data
        value = data.get("value")
        if value is None:
            value = derived_value(self.measure, data.get("numerator"), data.get("denominator"))
        if value is None:
            return None
        return Entry(
            value=value,
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            note=self.stored.note if self.stored else "",
            outlier_reason=(data.get("outlier_reason") or "").strip(),
        )


@dataclass
class Row:
    measure: Measure
    form: RowForm
    last: MeasureValue | None
    target: TargetSpan | None

    @property
    def stored(self) -> MeasureValue | None:
        return self.form.stored


def build_grid(month: dt.date, data: dict | None = None) -> list[Row]:
    """Return a row per active measure for ``month`` (bound to ``data`` when posted). Three queries."""
    measures = list(selectors.measures_active())
    last_month = add_months(month, -1)
    stored: dict[tuple[int, dt.date], MeasureValue] = {
        (v.measure_id, v.period): v
        for v in MeasureValue.objects.filter(period__in=[month, last_month], measure__active=True)
    }
    targets = selectors.targets_by_measure()
    return [
        Row(
            measure=m,
            form=RowForm(data, measure=m, stored=stored.get((m.id, month))),
            last=stored.get((m.id, last_month)),
            target=target_for(targets.get(m.id, []), month),
        )
        for m in measures
    ]


@dataclass
class Saved:
    """What a save of the grid did; ``errors`` are those not tied to one box."""

    saved: int = 0
    submitted: int = 0
    ok: bool = True
    errors: list[str] = field(default_factory=list)


def save_grid(
    month: dt.date, rows: list[Row], user: Any, *, submit: bool, today: dt.date | None = None
) -> Saved:
    """Validate every row with one validator, then save them all in one transaction.

    On any problem (each put beside its box, naming measure, month and field) nothing is written
    and ``ok`` is False.
    """
    valid = all([row.form.is_valid() for row in rows])
    entries: list[MonthEntry] = []
    if valid:
        validator = validator_for([row.measure for row in rows], today=today)
        for row in rows:
            form = row.form
            entry = form.entry() if not form.locked else None
            parts = [form.cleaned_data.get(n) for n in ("numerator", "denominator") if n in form.fields]
            if entry is None and not form.locked and any(p is not None for p in parts):
                form.add_error(
                    "value",
                    f"{where(row.measure, month)}, value: give the value as well as the numerator and "
                    "denominator (it cannot be worked out from them for this measure).",
                )
                continue
            if entry is None:
                if form.stored is not None and not form.locked:
                    form.add_error(
                        "value",
                        f"{where(row.measure, month)}, value: a saved value cannot be blanked here; "
                        "correct it, "
                        "or delete it from its own page.",
                    )
                continue
            problems = problems_for(
                validator, row.measure, month, entry, instance_pk=form.stored.pk if form.stored else None
            )
            add_problems(form, problems, "outlier_reason", {n: n for n in form.fields})
            opened = _opened(form)
            entries.append(MonthEntry(row.measure, entry, form.stored, opened))
    if not valid or any(row.form.errors for row in rows):
        return Saved(ok=False)
    try:
        saved, submitted = values_save_month(month=month, entries=entries, user=user, submit=submit)
    except ValidationError as refused:
        return Saved(ok=False, errors=_place(rows, refused))
    return Saved(saved, submitted)


def _opened(form: RowForm) -> int | None:
    """Return the version the officer opened; refuse (beside the box) one that is out of date."""
    if form.stored is None:
        return None
    opened = form.cleaned_data.get("opened_version")
    if opened is None:
        # The box was empty when the page was opened: someone else has entered it since.
        entry = form.entry()
        if entry is not None and entry.differs_from(form.stored):
            form.add_error("value", stale_message(form.stored, None, form.stored.version))
        return form.stored.version
    if opened != form.stored.version and form.entry() is not None and form.entry().differs_from(form.stored):
        form.add_error("value", stale_message(form.stored, opened, form.stored.version))
    return opened


def _place(rows: list[Row], refused: ValidationError) -> list[str]:
    """Put a service's refusal (keyed ``m-<id>-<field>``) beside its box; return the rest."""
    if not hasattr(refused, "error_dict"):
        return list(refused.messages)
    by_prefix = {row.form.prefix: row.form for row in rows}
    rest: list[str] = []
    for key, messages in refused.message_dict.items():
        prefix, _, name = key.rpartition("-")
        form = by_prefix.get(prefix)
        if form is None:
            rest.extend(messages)
            continue
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    return rest


def plain(value: Decimal | None) -> str:
    """Return 1912 for 1912.0000 and 21.5 for 21.5000, as an officer would type them."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
