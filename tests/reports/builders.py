"""Small data sets for the pack tests, built with the factories (never the JSON fixtures)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core.choices import Provenance, Status
from performance.models import Measure, MeasureValue, Polarity, Unit, ValueStatus
from reports.snapshot import months_between
from tests.factories import (
    ActionFactory,
    AppraisalFactory,
    BenchmarkValueFactory,
    CriterionFactory,
    MeasureFactory,
    MeasureValueFactory,
    MilestoneFactory,
    OptionFactory,
    PriorityFactory,
    ProgressUpdateFactory,
    ScoreFactory,
    TargetFactory,
    ThemeFactory,
    TimelineEventFactory,
)

DRAFT_VALUE = Decimal("77.7")


@dataclass
class PackData:
    measures: list[Measure]
    months: list[dt.date]


def value_for(index: int, month_index: int) -> Decimal:
    """Distinct, recognisable values: measure 0 in the 60s, measure 1 in the 70s..."""
    return Decimal(60 + 10 * index) + Decimal(month_index) / 10 + Decimal("0.03")


def build_pack_data(
    start: dt.date = dt.date(2015, 3, 1),
    end: dt.date = dt.date(2016, 4, 1),
    measures: int = 3,
    suffix: str = "",
) -> PackData:
    """Measures with approved months from ``start`` to ``end`` (plus one draft after), targets,
    England figures, a theme with actions, an event, a priority and an appraisal."""
    months = months_between(start, end)
    made = []
    for i in range(measures):
        unit = Unit.PERCENTAGE if i % 2 == 0 else Unit.RATE_PER_10K
        measure = MeasureFactory(
            name=f"Pack measure {chr(65 + i)} of children seen{suffix}",
            unit=unit,
            polarity=Polarity.HIGHER_IS_BETTER if i != 1 else Polarity.LOWER_IS_BETTER,
            definition=f"How many children were seen ({chr(65 + i)}).",
        )
        TargetFactory(measure=measure, value=Decimal("65"), tolerance=Decimal("3"), valid_from=start)
        for j, month in enumerate(months):
            MeasureValueFactory(measure=measure, period=month, value=value_for(i, j))
        draft_month = months_between(end, end.replace(year=end.year + 1))[1]
        MeasureValueFactory(
            measure=measure,
            period=draft_month,
            value=DRAFT_VALUE,
            status=ValueStatus.DRAFT,
            approved_at=None,
        )
        BenchmarkValueFactory(measure=measure, year=2015, value=Decimal("62.5"))
        made.append(measure)
    theme = ThemeFactory(title="Leadership and grip")
    action = ActionFactory(theme=theme, title="Recruit permanent social workers", status=Status.ON_TRACK)
    action.measures.add(made[0])
    ProgressUpdateFactory(action=action, date=dt.date(2016, 3, 1), commentary="Forty posts filled.")
    TimelineEventFactory(date=dt.date(2015, 9, 14), title="Ofsted monitoring visit", summary="A visit.")
    priority = PriorityFactory(year=2015, title="Stabilise the workforce", provenance=Provenance.DERIVED)
    priority.measures.add(made[0])
    MilestoneFactory(priority=priority, title="Caseloads under 20", due_date=dt.date(2016, 3, 31))
    appraisal = AppraisalFactory(title="Future delivery options")
    options = [OptionFactory(appraisal=appraisal, name=name) for name in ("Trust", "In house")]
    criteria = [
        CriterionFactory(appraisal=appraisal, name=n, weight=Decimal(w))
        for n, w in (("Pace", 2), ("Cost", 3))
    ]
    for option, scores in zip(options, ((4, 5), (2, 3)), strict=True):
        for criterion, score in zip(criteria, scores, strict=True):
            ScoreFactory(option=option, criterion=criterion, score=Decimal(score))
    return PackData(made, months)


def restate(
    measure: Measure, month: dt.date, value: Decimal, reason: str = "Late recording corrected"
) -> None:
    """Change an approved value the way the approval service does: a new history record."""
    row = MeasureValue.objects.get(measure=measure, period=month)
    row.value = value
    row.change_reason = reason
    row.version += 1
    row.save()
