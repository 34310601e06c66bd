"""A large synthetic data set for query-budget tests and the page benchmark.

``build_large_dataset()`` fills the database with 25 measures x 20 years of monthly values (plus
drafts that must never show), targets, annual benchmarks, a timeline, themes with actions and
updates, a year's priorities and a five-option appraisal, using ``bulk_create`` throughout.
Every figure is synthetic and marked illustrative. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.cache import bump_data_version
from core.choices import Provenance, Rag, Status
from improvement.models import (
    Action,
    EventKind,
    Milestone,
    Priority,
    ProgressUpdate,
    RatingLevel,
    Theme,
    TimelineEvent,
)
from options.models import Appraisal, Criterion, Option, Score
from performance.models import (
    BenchmarkValue,
    Comparator,
    Measure,
    MeasureValue,
    Polarity,
    Target,
    Unit,
    ValueStatus,
)

DRAFT_VALUE = Decimal("99.9")  # every draft holds this, so a test can prove drafts never show


@dataclass(frozen=True)
class DatasetSize:
    measures: int
    months: int
    events: int
    actions: int


def _months(end: dt.date, count: int) -> list[dt.date]:
    months = []
    year, month = end.year, end.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


@transaction.atomic
def build_large_dataset(
    *, measures: int = 25, years: int = 20, end: dt.date = dt.date(2016, 4, 1), seed: int = 2016
) -> DatasetSize:
    """Create the data set and return its size. Assumes an empty database for these models."""
    rng = random.Random(seed)
    now = timezone.now()
    months = _months(end, years * 12)
    polarities = [Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.CONTEXT]
    made = Measure.objects.bulk_create(
        Measure(
            code=f"bench-{i:02d}",
            name=f"Synthetic measure {i:02d}",
            short_name=f"Measure {i:02d}",
            definition="A synthetic measure for load and query-budget tests.",
            unit=Unit.PERCENTAGE if i % 4 else Unit.RATE_PER_10K,
            polarity=polarities[i % 3],
            topic="Synthetic",
            # A long unbroken file name, as real sources have, tests wrapping on narrow screens.
            source="Synthetic, shaped like c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            order=i,
        )
        for i in range(measures)
    )
    values, targets, benchmarks = [], [], []
    for measure in made:
        level = Decimal(rng.randint(30, 70))
        for period in months:
            level = max(Decimal(1), min(Decimal(99), level + Decimal(rng.randint(-20, 20)) / 10))
            values.append(
                MeasureValue(
                    measure=measure,
                    period=period,
                    value=level,
                    status=ValueStatus.APPROVED,
                    provenance=Provenance.ILLUSTRATIVE,
                    approved_at=now,
                )
            )
        for period in _months(dt.date(end.year + 1, 12, 1), 8):  # later months still in draft
            values.append(MeasureValue(measure=measure, period=period, value=DRAFT_VALUE))
        if measure.polarity != Polarity.CONTEXT:
            targets.append(
                Target(
                    measure=measure,
                    value=Decimal(50),
                    tolerance=Decimal(5),
                    valid_from=months[0],
                    valid_to=months[len(months) // 2 - 1],
                )
            )
            targets.append(
                Target(
                    measure=measure,
                    value=Decimal(55),
                    tolerance=Decimal(4),
                    valid_from=months[len(months) // 2],
                )
            )
        for year in range(end.year - years + 1, end.year + 1):
            for comparator, code in (
                (Comparator.COUNCIL, "E08000025"),
                (Comparator.ENGLAND, "E92000001"),
                (Comparator.REGION, "E12000005"),
                (Comparator.STATISTICAL_NEIGHBOURS, "SN"),
            ):
                benchmarks.append(
                    BenchmarkValue(
                        measure=measure,
                        comparator=comparator,
                        area_code=code,
                        area_name=comparator.label,
                        year=year,
                        value=Decimal(rng.randint(300, 700)) / 10,
                        provenance=Provenance.ILLUSTRATIVE,
                    )
                )
    MeasureValue.objects.bulk_create(values, batch_size=2000)
    Target.objects.bulk_create(targets)
    BenchmarkValue.objects.bulk_create(benchmarks, batch_size=2000)

    kinds = list(EventKind.values)
    levels = list(RatingLevel.values)
    events = TimelineEvent.objects.bulk_create(
        TimelineEvent(
            slug=f"bench-event-{i:02d}",
            date=dt.date(end.year - years + 1 + i * years // 30, 1 + i % 12, 1),
            kind=kinds[i % len(kinds)],
            title=f"Synthetic event {i:02d}",
            rating=(levels[i % len(levels)].title() if i % 3 == 0 else ""),
            rating_level=(levels[i % len(levels)] if i % 3 == 0 else ""),
            summary="A synthetic event.",
            source="Synthetic",
        )
        for i in range(30)
    )
    themes = Theme.objects.bulk_create(
        Theme(code=f"bench-theme-{i}", title=f"Theme {i}", order=i) for i in range(6)
    )
    statuses = [s for s in Status.values if s != Status.COMPLETE]
    actions = Action.objects.bulk_create(
        Action(
            code=f"bench-action-{i:02d}",
            theme=themes[i % len(themes)],
            title=f"Synthetic action {i:02d}",
            owner="Assistant Director",
            due_date=dt.date(end.year, 1 + i % 12, 1),
            status=statuses[i % len(statuses)],
            provenance=Provenance.ILLUSTRATIVE,
            order=i,
        )
        for i in range(30)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=action,
            date=dt.date(end.year, month, 1),
            rag=list(Rag.values)[(i + month) % 3],
            commentary="Synthetic progress update.",
            provenance=Provenance.ILLUSTRATIVE,
        )
        for i, action in enumerate(actions)
        for month in (1, 2, 3)
    )
    Action.measures.through.objects.bulk_create(
        Action.measures.through(action=action, measure=made[i % len(made)])
        for i, action in enumerate(actions)
    )
    priorities = Priority.objects.bulk_create(
        Priority(
            code=f"bench-priority-{i}",
            year=end.year,
            title=f"Synthetic priority {i}",
            lead="Director",
            order=i,
        )
        for i in range(6)
    )
    Milestone.objects.bulk_create(
        Milestone(priority=p, title=f"Step {j}", due_date=dt.date(end.year, 6 + j, 1), order=j)
        for p in priorities
        for j in range(3)
    )
    Priority.measures.through.objects.bulk_create(
        Priority.measures.through(priority=p, measure=made[(i * 3 + j) % len(made)])
        for i, p in enumerate(priorities)
        for j in range(3)
    )
    appraisal = Appraisal.objects.create(
        code="bench-appraisal", title="Synthetic appraisal", date=dt.date(2013, 12, 1)
    )
    options = Option.objects.bulk_create(
        Option(appraisal=appraisal, code=f"o{i}", name=f"Option {i}", order=i, acceptability_rank=5 - i)
        for i in range(5)
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(
            appraisal=appraisal, code=f"c{j}", name=f"Criterion {j}", weight=Decimal(1 + j % 3), order=j
        )
        for j in range(8)
    )
    Score.objects.bulk_create(
        Score(option=o, criterion=c, score=Decimal((i + j) % 5 + 1))
        for i, o in enumerate(options)
        for j, c in enumerate(criteria)
    )
    bump_data_version()
    return DatasetSize(measures=len(made), months=len(months), events=len(events), actions=len(actions))
