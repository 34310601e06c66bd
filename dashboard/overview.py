"""The overview page's content: the programme's state at a glance and what changed lately.

"What changed since last month" has two parts, each computed from data:
- the latest month's figures against the month before (RAG changes, direction of travel);
- what was recorded in the last month of real time: values approved, actions whose status
  changed (from django-simple-history), progress updates and new timeline events.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.choices import Status
from core.display import Chart, Table
from improvement import presenters as improvement_presenters
from improvement.models import Action, TimelineEvent
from performance.judgement import analysis
from performance.measures.charts import DIRECTION_STYLE, status_figure
from performance.measures.presenters import (
    DIRECTION_GROUPS,
    Badge,
    is_illustrative,
    month_label,
    rag_badge,
    rag_chart,
    rag_direction_counts,
)
from performance.measures.selectors import ApprovedValues
from performance.models import Measure


def one_month_before(day: dt.date) -> dt.date:
    """Return the same day a month earlier, or the month's last day when it is shorter."""
    first = analysis.previous_month(day)
    return first.replace(day=min(day.day, calendar.monthrange(first.year, first.month)[1]))


@dataclass(frozen=True)
class RagChangeRow:
    code: str
    name: str
    before: Badge
    after: Badge


@dataclass(frozen=True)
class StatusChangeRow:
    code: str
    title: str
    before: Badge | None
    after: Badge


@dataclass(frozen=True)
class Overview:
    rag_chart: Chart
    status_chart: Chart
    measure_count: int
    action_count: int
    latest_month: str
    previous_month: str
    rag_changes: list[RagChangeRow]
    travel_counts: list[tuple[str, int]]
    since: str
    values_approved: int
    status_changes: list[StatusChangeRow]
    new_events: list[improvement_presenters.EventRow]
    updates_recorded: int
    illustrative: bool


def status_chart(counts: Counter[str]) -> Chart:
    labelled = {Status(s).label: counts.get(s, 0) for s in Status.values}
    total = sum(labelled.values())
    parts = ", ".join(f"{n} {label.lower()}" for label, n in labelled.items() if n)
    return Chart(
        id="chart-actions",
        title="Improvement actions by status",
        summary=f"Of {total} actions, {parts or 'none recorded'}.",
        figure=status_figure(labelled),
        table=Table(
            caption="Number of actions by status",
            headers=["Status", "Actions"],
            rows=[[label, str(n)] for label, n in labelled.items()],
            numeric=frozenset({1}),
        ),
        height=300,
    )


def build_overview(
    *,
    measures: Sequence[Measure],
    values: ApprovedValues,
    targets: Mapping[int, Sequence[analysis.TargetSpan]],
    action_counts: Counter[str],
    since: dt.date,
    values_approved: int,
    status_changes: Sequence[tuple[Action, str | None, str]],
    new_events: Sequence[TimelineEvent],
    updates_recorded: int,
) -> Overview:
    """Return the overview from the selectors' plain data."""
    statuses = {
        m.id: analysis.measure_status(
            series=values.of(m.id),
            targets=targets.get(m.id, []),
            polarity=m.polarity,
            places=m.decimal_places,
        )
        for m in measures
    }
    latest_periods = [s.latest.period for s in statuses.values() if s.latest]
    latest = max(latest_periods) if latest_periods else None
    rag_changes = []
    if latest:
        for m in measures:
            change = analysis.rag_change(values.of(m.id), targets.get(m.id, []), m.polarity, latest)
            if change:
                rag_changes.append(
                    RagChangeRow(
                        m.code,
                        m.short_name or m.name,
                        rag_badge(change.before, m.polarity, change.before is not None),
                        rag_badge(change.after, m.polarity, change.after is not None),
                    )
                )
    travel = Counter(
        DIRECTION_GROUPS[s.travel.direction]
        for s in statuses.values()
        if s.latest and latest and s.latest.period == latest
    )
    return Overview(
        rag_chart=rag_chart(rag_direction_counts(measures, statuses), len(measures)),
        status_chart=status_chart(action_counts),
        measure_count=len(measures),
        action_count=sum(action_counts.values()),
        latest_month=month_label(latest),
        previous_month=month_label(analysis.previous_month(latest)) if latest else "",
        rag_changes=rag_changes,
        travel_counts=[(label, travel[label]) for label in DIRECTION_STYLE if travel[label]],
        since=improvement_presenters.date_label(since),
        values_approved=values_approved,
        status_changes=[
            StatusChangeRow(
                action.code,
                action.title,
                improvement_presenters.status_badge(before) if before else None,
                improvement_presenters.status_badge(after),
            )
            for action, before, after in status_changes
        ],
        new_events=improvement_presenters.event_rows(new_events),
        updates_recorded=updates_recorded,
        illustrative=any(is_illustrative(values.provenances_of(m.id)) for m in measures),
    )
