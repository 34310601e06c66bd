"""``{{ value|in_measure_format:measure }}``: a figure as the public pages print it."""

from __future__ import annotations

from decimal import Decimal

from django import template

from performance.measures.admin_display import in_measure_format as _in_measure_format
from performance.models import Measure

register = template.Library()


@register.filter
def in_measure_format(value: Decimal | None, measure: Measure) -> str:
    return _in_measure_format(value, measure)
