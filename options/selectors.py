"""Reads for the options appraisal. Totals are computed here, never stored."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from options.models import Appraisal, Criterion, Option, Score


class _Total(TypedDict):
    total: Decimal


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    OptionWithTotal = WithAnnotations[Option, _Total]

_WEIGHTED = ExpressionWrapper(
    F("scores__score") * F("scores__criterion__weight"),
    output_field=DecimalField(max_digits=12, decimal_places=4),
)


def options_with_totals(*, appraisal: Appraisal) -> QuerySet[OptionWithTotal]:
    """Return the appraisal's options, each annotated with ``total``: the weighted sum of its scores.

    Ordered by total, highest first (ties by the option's own order). One query.
    """
    return (
        Option.objects.filter(appraisal=appraisal)
        .annotate(total=Coalesce(Sum(_WEIGHTED), Value(Decimal("0")), output_field=_WEIGHTED.output_field))
        .order_by("-total", "order")
    )


def appraisal_current() -> Appraisal | None:
    """Return the most recent appraisal, or None when there is none."""
    return Appraisal.objects.select_related("chosen_option").order_by("-date").first()


def appraisal_matrix(*, appraisal: Appraisal) -> tuple[list[Criterion], dict[int, dict[int, Score]]]:
    """Return the appraisal's criteria in order and its scores as ``{option id: {criterion id: score}}``.

    Two queries.
    """
    criteria = list(Criterion.objects.filter(appraisal=appraisal).order_by("order", "code"))
    scores: dict[int, dict[int, Score]] = {}
    for score in Score.objects.filter(option__appraisal=appraisal).order_by():
        scores.setdefault(score.option_id, {})[score.criterion_id] = score
    return criteria, scores
