"""django-import-export resources: monthly values in (validated, all or nothing) and out (escaped).

``MeasureValueResource`` imports the Dataset that ``performance.importing.parsing.read_values_file``
makes. Design, and the library's traps it avoids (each has a test in
tests/performance/test_importing.py):

- Model validation is on (``clean_model_instances``; the library leaves it off): the model's
  ``clean_fields`` and ``clean`` run on each row. Its constraint checks (``validate_unique``,
  ``validate_constraints``) are replaced by ``ValueValidator``, which checks the same rules for
  the whole file from a few preloading queries instead of several queries a row; the database
  constraints still stand behind it.
- Every row goes through ``ValueValidator.check``, so the admin form, the month grid and an
  import can never disagree about a rule, and a file that repeats a measure and month is refused.
- All or nothing: ``import_values`` and the admin pass ``rollback_on_validation_errors`` (the
  admin's confirm step would otherwise commit the rows that passed).
- Bulk mode for speed, with history: ``bulk_create`` writes through
  ``performance.importing.bulkwrite.create_values_with_history``, which writes simple-history's "+" rows
  itself (plain bulk_create bypasses ``save()`` and the history signals) at a fraction of the
  cost of ``bulk_create_with_history``.
- Per-row costs kept low: each distinct cell is read by its widget once per import, and each
  field's ``clean`` runs once per distinct value (``CachedFieldCleaner``); the model's ``clean``
  still runs on every row.
- Only new values are imported (``force_init_instance``: no query a row to find an existing
  one); a month that already has a value is refused, to be corrected through the workflow.
- The dry run (the admin's preview) validates every row but writes nothing: the confirm step
  runs the same validation again and writes, so the preview costs no inserts to roll back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.encoding import force_str
from import_export import fields, resources, widgets

from core.choices import Provenance
from performance.entry.validation import FIELD_LABELS, STORED_PLACES, ValueValidator, month_name
from performance.importing.bulkwrite import create_values_with_history
from performance.importing.cells import parse_month, parse_number
from performance.models import Measure, MeasureValue, Unit, ValueStatus

IMPORT_CHANGE_REASON = "Imported from a file"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FIELDS = ("value", "numerator", "denominator")
STORED_STEP = Decimal(1).scaleb(-STORED_PLACES)


class MeasureWidget(widgets.Widget):
    """A measure by code or name (any case); the resource fills ``lookup`` once per import."""

    def __init__(self) -> None:
        super().__init__()
        self.lookup: dict[str, Measure] = {}

    def clean(self, value, row=None, **kwargs) -> Measure | None:
        text = str(value or "").strip()
        if not text:
            return None
        found = self.lookup.get(text.casefold())
        if found is None:
            raise ValueError(f"no measure has the code or name “{text}”.")
        return found

    def render(self, value, obj=None, **kwargs) -> str:
        return value.code if value else ""


class MonthWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> dt.date | None:
        return parse_month(value)

    def render(self, value, obj=None, **kwargs) -> str:
        return f"{value:%Y-%m}" if value else ""


class NumberWidget(widgets.Widget):
    """A number read strictly (performance.importing.cells.parse_number); ``decimal_comma`` is
    set per file. A trailing % is dropped here and judged by the resource, which knows the measure."""

    decimal_comma = False

    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        text = parse_number(value, decimal_comma=self.decimal_comma)
        if text is None:
            return None
        number = Decimal(text.rstrip("%"))
        try:  # 1.50000 is 1.5: zeros past the stored places say nothing
            stored = number.quantize(STORED_STEP)
        except InvalidOperation:
            return number  # too large to store: the validator says so
        exponent = number.as_tuple().exponent
        trailing = isinstance(exponent, int) and exponent < -STORED_PLACES
        return stored if trailing and stored == number else number

    def render(self, value, obj=None, **kwargs) -> Decimal | str:
        """A number stays a number (a spreadsheet cell, never text that could be escaped)."""
        return "" if value is None else value


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> str:
        return "" if value is None else str(value).strip()


class CachedFieldCleaner:
    """The model's ``full_clean`` without constraint checks, each field's check done once per value.

    ``Model.clean_fields`` runs a field's ``clean`` (conversion, choices, digits, length) on every
    row, although a file repeats the same few months, statuses and numbers, and the values the
    resource sets itself are the same on every row. The result of ``field.clean(value)`` depends
    only on the value (and the field), so it is kept per (field, value) for hashable values;
    a Decimal is keyed by its digits as well, since 1.0 and 1.00000 are equal but the second has
    too many decimal places. ``Model.clean`` still runs on every row, as ``full_clean`` would.
    """

    CACHEABLE = (str, int, Decimal, dt.date, type(None))

    def __init__(self) -> None:
        self._cache: dict[tuple, tuple[bool, object]] = {}

    def _key(self, field, value) -> tuple | None:
        if not isinstance(value, self.CACHEABLE):
            return None
        if isinstance(value, Decimal):
            return (field.attname, Decimal, value.as_tuple())
        return (field.attname, type(value), value)

    def clean_fields(self, instance, exclude: set[str]) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for f in instance._meta.fields:
            if f.name in exclude or f.generated:
                continue
            raw_value = getattr(instance, f.attname)
            if f.blank and raw_value in f.empty_values:
                continue
            key = self._key(f, raw_value)
            outcome = self._cache.get(key) if key is not None else None
            if outcome is None:
                try:
                    outcome = (True, f.clean(raw_value, instance))
                except ValidationError as error:
                    outcome = (False, error.messages)
                if key is not None:
                    self._cache[key] = outcome
            ok, result = outcome
            if ok:
                setattr(instance, f.attname, result)
            else:
                errors[f.name] = list(result)
        return errors

    def full_clean(self, instance, exclude: set[str]) -> dict[str, list[str]]:
        """Return ``{field: messages}`` for what ``full_clean`` (no unique or constraint checks) refuses."""
        errors = self.clean_fields(instance, exclude)
        try:
            instance.clean()
        except ValidationError as error:
            for key, messages in error.update_error_dict({}).items():
                errors.setdefault(key, []).extend(ValidationError(messages).messages)
        return errors


class MeasureValueResource(resources.ModelResource):
    """Import monthly values; see the module docstring for the design."""

    measure = fields.Field(attribute="measure", column_name="measure", widget=MeasureWidget())
    period = fields.Field(attribute="period", column_name="month", widget=MonthWidget())
    value = fields.Field(attribute="value", column_name="value", widget=NumberWidget())
    numerator = fields.Field(attribute="numerator", column_name="numerator", widget=NumberWidget())
    denominator = fields.Field(attribute="denominator", column_name="denominator", widget=NumberWidget())
    note = fields.Field(attribute="note", column_name="note", widget=TextWidget())
    outlier_reason = fields.Field(
        attribute="outlier_reason", column_name="outlier_reason", widget=TextWidget()
    )

    class Meta:
        model = MeasureValue
        fields = ("measure", "period", "value", "numerator", "denominator", "note", "outlier_reason")
        import_id_fields = ("measure", "period")
        force_init_instance = True
        clean_model_instances = True
        use_transactions = True
        use_bulk = True
        batch_size = 2000
        skip_diff = True
        store_row_values = True

    def __init__(self, *, submit: bool = False, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.submit = submit
        self.today = today
        self.validator: ValueValidator | None = None
        self.user = None
        self.source_columns: dict[str, str] = {}
        self._row_number: object = None
        self._row: dict = {}
        self._row_measure: Measure | None = None
        self.field_cleaner = CachedFieldCleaner()
        self._cells: dict[tuple, tuple[bool, object]] = {}
        self._import_fields: list[fields.Field] | None = None

    # Once per import ---------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs) -> None:
        """Preload measures and the validator (a few queries); remember who is importing."""
        measures = list(Measure.objects.all())
        self.validator = ValueValidator(measures, today=self.today)
        self.field_cleaner = CachedFieldCleaner()
        self._cells.clear()  # a cell's outcome depends on the measures loaded just now
        lookup: dict[str, Measure] = {}
        for m in measures:
            lookup[m.name.casefold()] = m
            lookup[m.code.casefold()] = m
        self.fields["measure"].widget.lookup = lookup
        decimal_comma = bool(getattr(dataset, "decimal_comma", False))
        for name in NUMBER_FIELDS:
            self.fields[name].widget.decimal_comma = decimal_comma
        self.user = kwargs.get("user")
        self.source_columns = getattr(dataset, "source_columns", {}) or {}
        if self.user is not None and not getattr(self.user, "pk", None):
            self.user = None  # an anonymous user cannot be recorded

    # Each row ----------------------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs) -> None:
        """Set the instance's fields from the row, as the library does, each distinct cell read once.

        The library's version (``import_field`` and ``Field.save`` for each field) costs more than
        the widgets' work. Our widgets depend only on the cell, so a cell's outcome (its value or
        its error) is kept per (column, cell) for the import: a file repeats months and numbers.
        """
        if self._import_fields is None:
            self._import_fields = [f for f in self.get_import_fields() if f.attribute and not f.readonly]
        errors = {}
        cells = self._cells
        for field in self._import_fields:
            column = field.column_name
            if column not in row:
                continue
            raw = row[column]
            key = (column, type(raw), raw) if isinstance(raw, str | int | float | type(None)) else None
            outcome = cells.get(key) if key is not None else None
            if outcome is None:
                try:
                    outcome = (True, field.clean(row, **kwargs))
                except ValueError as e:
                    outcome = (False, force_str(e))
                if key is not None:
                    cells[key] = outcome
            ok, value = outcome
            if not ok:
                errors[field.attribute] = ValidationError(value, code="invalid")
            elif value is not None or field.saves_null_values:
                setattr(instance, field.attribute, value)
        if errors:
            raise ValidationError(errors)

    def before_import_row(self, row, **kwargs) -> None:
        self._row_number = row.get("row") or kwargs.get("row_number")
        self._row = row

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True) -> None:
        """Raise one ValidationError naming row, column and problem for everything wrong with the row."""
        errors: dict[str, list[str]] = {
            key: ValidationError(value).messages for key, value in (import_validation_errors or {}).items()
        }
        if instance.measure_id is None and "measure" not in errors:
            errors["measure"] = ["a measure (its code or name) is required."]
        if instance.period is None and "period" not in errors:
            errors["period"] = ["a month is required."]
        if instance.value is None and "value" not in errors:
            errors["value"] = ["a value is required."]
        for name in NUMBER_FIELDS:
            if name not in errors and self._percent_refused(name, instance):
                raw = str(self._row.get(self.fields[name].column_name)).strip()
                unit = Unit(instance.measure.unit).label.lower()
                errors[name] = [
                    f"“{raw}” has a % sign, but this {name} is not a percentage (the measure is a "
                    f"{unit}); give the number without it."
                ]
        parsed = not {"measure", "period", "value", "numerator", "denominator"} & set(errors)
        if parsed and self.validator is not None:
            for problem in self.validator.check(
                instance.measure,
                instance.period,
                instance.value,
                instance.numerator,
                instance.denominator,
                reason=instance.outlier_reason,
            ):
                errors.setdefault(problem.field, []).append(problem.message)
        if self._meta.clean_model_instances:
            # After the validator, so the model only adds what it did not say; measure is
            # checked by its widget, the constraints by the validator (module docstring).
            found = self.field_cleaner.full_clean(instance, exclude={*errors, "measure"})
            for key, messages in found.items():
                if key not in errors:
                    errors[key] = [_plain_model_message(key, m) for m in messages]
        if errors:
            self._row_measure = instance.measure if instance.measure_id else None
            where = self._where(instance)
            raise ValidationError(
                {key: [self._locate(key, m, where) for m in messages] for key, messages in errors.items()}
            )

    def _percent_refused(self, name: str, instance) -> bool:
        """Whether the cell has a % sign where no percentage belongs (any part but a percentage's value)."""
        raw = self._row.get(self.fields[name].column_name)
        if not (isinstance(raw, str) and raw.strip().endswith("%")) or instance.measure_id is None:
            return False
        return not (name == "value" and instance.measure.is_percentage)

    def _where(self, instance) -> str:
        """Return "CODE (Name), April 2016", as far as the row says, for messages that lack it."""
        measure = instance.measure if instance.measure_id else None
        cell = self._row.get("measure")
        month = self._row.get("month")
        when = month_name(instance.period) if instance.period else f"month “{str(month or '').strip()}”"
        if measure is None:  # the measure's own message names the cell
            return when if str(cell or "").strip() else f"no measure, {when}"
        return f"{measure.code} ({measure.name}), {when}"

    def _locate(self, field: str, message: str, where: str) -> str:
        column = self.fields[field].column_name if field in self.fields else field
        shown = self.source_columns.get(column, column.replace("_", " "))
        measure = self._row_measure
        if measure is None or not message.startswith(f"{measure.code} ("):
            message = f"{where}: {message}"
        return f"Row {self._row_number}, column “{shown}”: {message}"

    def before_save_instance(self, instance, row, **kwargs) -> None:
        instance.status = ValueStatus.SUBMITTED if self.submit else ValueStatus.DRAFT
        instance.provenance = Provenance.OFFICER
        instance.entered_by = self.user

    # Writing -----------------------------------------------------------------------------------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None) -> None:
        """Write the batch and its history rows; a dry run (the preview) writes nothing."""
        if not self.create_instances:
            return
        try:
            if not dry_run:
                create_values_with_history(
                    self.create_instances,
                    user=self.user,
                    change_reason=IMPORT_CHANGE_REASON,
                    batch_size=batch_size or 2000,
                )
        except Exception as error:  # reported on the result, which rolls the file back
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()


def _plain_model_message(field: str, message: str) -> str:
    """Return the database field's own message in the words the validator uses."""
    label = FIELD_LABELS.get(field, field)
    if "cannot be null" in message or "cannot be blank" in message or "is required" in message:
        return f"a {label} is required."
    if "decimal places" in message:
        return f"the {label} has more than {STORED_PLACES} decimal places; round it to {STORED_PLACES}."
    if "digits" in message:
        return f"the {label} is too large to be a monthly figure."
    return message


def escape_formula(value: object) -> object:
    """Return text that a spreadsheet would run (=, +, -, @, tab, CR first) with a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class MeasureValueExportResource(resources.ModelResource):
    """Values out, with status and provenance; text a spreadsheet would run is escaped."""

    measure_code = fields.Field(attribute="measure__code", column_name="measure code")
    measure_name = fields.Field(attribute="measure__name", column_name="measure name")
    period = fields.Field(attribute="period", column_name="month", widget=MonthWidget())
    value = fields.Field(attribute="value", column_name="value", widget=NumberWidget())
    numerator = fields.Field(attribute="numerator", column_name="numerator", widget=NumberWidget())
    denominator = fields.Field(attribute="denominator", column_name="denominator", widget=NumberWidget())
    status = fields.Field(attribute="get_status_display", column_name="status")
    provenance = fields.Field(attribute="get_provenance_display", column_name="provenance")
    entered_by = fields.Field(attribute="entered_by__username", column_name="entered by")
    approved_by = fields.Field(attribute="approved_by__username", column_name="approved by")
    approved_at = fields.Field(attribute="approved_at", column_name="approved at")
    note = fields.Field(attribute="note", column_name="note")
    outlier_reason = fields.Field(attribute="outlier_reason", column_name="outlier reason")
    change_reason = fields.Field(attribute="change_reason", column_name="change reason")

    def dehydrate_value(self, obj: MeasureValue) -> Decimal | str:
        """The value rounded to its measure's decimal places, as the pages print it (a number)."""
        if obj.value is None:
            return ""
        return obj.value.quantize(Decimal(1).scaleb(-obj.measure.decimal_places))

    class Meta:
        model = MeasureValue
        fields = (
            "measure_code",
            "measure_name",
            "period",
            "value",
            "numerator",
            "denominator",
            "status",
            "provenance",
            "entered_by",
            "approved_by",
            "approved_at",
            "note",
            "outlier_reason",
            "change_reason",
        )
        export_order = fields

    def get_queryset(self):
        return MeasureValue.objects.select_related("measure", "entered_by", "approved_by")

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))
