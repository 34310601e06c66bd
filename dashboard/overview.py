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

from core.choices import Rag, Status
from core.display import Chart, Table
from improvement import presenters as improvement_presenters
from improvement.models import Action, TimelineEvent
from performance.judgement.basis import add_months
from performance.judgement.judgement import rag_change
from performance.judgement.selectors import MeasureJudgements
from performance.measures.charts import DIRECTION_STYLE, status_figure
from performance.measures.presenters import (
    DIRECTION_GROUPS,
    Badge,
    month_label,
    rag_chart,
    rag_direction_counts,
)
from performance.models import Measure


def one_month_before(day: dt.date) -> dt.date:
    """Return the same day a month earlier, or the month's last day when it is shorter."""
    first = add_months(day.replace(day=1), -1)
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


def _rag_word(rag: Rag | None) -> Badge:
    return Badge(rag.label, f"rag--{rag.value}") if rag is not None else Badge("No RAG", "rag--none")


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
    judged: Mapping[int, MeasureJudgements],
    action_counts: Counter[str],
    since: dt.date,
    values_approved: int,
    status_changes: Sequence[tuple[Action, str | None, str]],
    new_events: Sequence[TimelineEvent],
    updates_recorded: int,
) -> Overview:
    """Return the overview from the selectors' plain data."""
    latest_of = {m.id: judged[m.id].latest for m in measures}
    latest_periods = [j.period for j in latest_of.values() if j is not None]
    latest = max(latest_periods) if latest_periods else None
    rag_changes = []
    if latest:
        for m in measures:
            change = rag_change(judged[m.id].months, latest)
            if change:
                rag_changes.append(
                    RagChangeRow(
                        m.code,
                        m.short_name or m.name,
                        _rag_word(change.before),
                        _rag_word(change.after),
                    )
                )
    travel = Counter(
        DIRECTION_GROUPS[j.travel.direction]
        for j in latest_of.values()
        if j is not None and latest and j.period == latest
    )
    return Overview(
        rag_chart=rag_chart(rag_direction_counts(measures, latest_of), len(measures)),
        status_chart=status_chart(action_counts),
        measure_count=len(measures),
        action_count=sum(action_counts.values()),
        latest_month=month_label(latest),
        previous_month=month_label(add_months(latest, -1)) if latest else "",
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
        illustrative=any(judged[m.id].illustrative for m in measures),
    )
