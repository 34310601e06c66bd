"""Admin columns that print a measure's figures as the public pages do, in its own number format."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin

from performance.measures.presenters import format_value
from performance.models import Measure


def in_measure_format(value: Decimal | None, measure: Measure) -> str:
    """Return ``value`` with the measure's decimal places and unit: "25.1%", "1,921"."""
    return format_value(value, measure.unit, measure.decimal_places)


class MeasureFiguresMixin:
    """Adds ``shown_value`` and ``shown_tolerance`` to an admin whose objects have ``measure``."""

    @admin.display(description="Value", ordering="value")
    def shown_value(self, obj: Any) -> str:
        return in_measure_format(obj.value, obj.measure)

    @admin.display(description="Tolerance", ordering="tolerance")
    def shown_tolerance(self, obj: Any) -> str:
        return in_measure_format(obj.tolerance, obj.measure)
