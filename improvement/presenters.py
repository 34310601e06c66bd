"""Display values for the timeline, themes, actions and priorities pages (no database access)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from core.choices import ILLUSTRATIVE_PROVENANCES, Provenance, Rag, Status
from core.display import NO_FIGURE, Chart, Table
from core.periods import precise_date_label
from improvement.charts import RATING_STYLE, TimelinePoint, timeline_figure
from improvement.models import (
    Action,
    EventKind,
    Milestone,
    ProgressUpdate,
    TimelineEvent,
)
from improvement.selectors import StatusHistory
from performance.measures.presenters import Badge

STATUS_CSS = {
    Status.NOT_STARTED: "status--not-started",
    Status.IN_PROGRESS: "status--in-progress",
    Status.ON_TRACK: "status--on-track",
    Status.AT_RISK: "status--at-risk",
    Status.OFF_TRACK: "status--off-track",
    Status.COMPLETE: "status--complete",
}


def status_badge(status: str) -> Badge:
    return Badge(Status(status).label, STATUS_CSS[Status(status)])


NO_OWNER = "Not named in the source"
NO_RATING = "No rating"


def update_rag_badge(rag: str) -> Badge:
    """Return the update's RAG badge; "No rating" when the source gives none."""
    return Badge(Rag(rag).label, f"rag--{rag}") if rag else Badge(NO_RATING, "rag--none")


def rating_badge(event: TimelineEvent) -> Badge | None:
    if not event.rating:
        return None
    return Badge(event.rating, f"rating--{event.rating_level or 'none'}")


def provenance_note(provenance: str) -> str:
    """Return the label shown beside a record that is not the council's own published text."""
    return Provenance(provenance).label if provenance in ILLUSTRATIVE_PROVENANCES else ""


def date_label(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else NO_FIGURE


def completion_label(action: Action) -> str:
    """Return when a complete action was completed, as precisely as recorded; "" when not complete.

    A source that says an action is done without saying when gives "date not given".
    """
    if action.status != Status.COMPLETE:
        return ""
    if action.completed_on is None:
        return "date not given"
    return precise_date_label(action.completed_on, action.completed_precision)


def owner_label(action: Action) -> str:
    return action.owner or NO_OWNER


@dataclass(frozen=True)
class EventRow:
    date: str
    kind: str
    title: str
    body: str
    rating: Badge | None
    summary: str
    source: str


def event_rows(events: Sequence[TimelineEvent]) -> list[EventRow]:
    return [
        EventRow(e.display_date, e.get_kind_display(), e.title, e.body, rating_badge(e), e.summary, e.source)
        for e in events
    ]


def timeline_summary(events: Sequence[TimelineEvent]) -> str:
    """Return the one-sentence summary of the timeline chart."""
    if not events:
        return "No events match the kinds chosen."
    rated = [e for e in events if e.rating]
    kinds = Counter(e.get_kind_display().lower() for e in events)
    most = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common(3))
    sentence = f"{len(events)} events from {events[0].date.year} to {events[-1].date.year} ({most})"
    if rated:
        levels = Counter(e.rating_level for e in rated if e.rating_level)
        named = ", ".join(f"{n} {RATING_STYLE[level][0].lower()}" for level, n in levels.most_common())
        latest = rated[-1]
        sentence += (
            f"; {len(rated)} gave a rating ({named})" if named else f"; {len(rated)} gave a rating"
        ) + f", the latest in {latest.display_date}: {latest.rating}"
    return sentence + "."


def timeline_chart(events: Sequence[TimelineEvent]) -> Chart:
    kinds = [label for value, label in EventKind.choices if any(e.kind == value for e in events)]
    points = [
        TimelinePoint(e.date, e.get_kind_display(), e.title, e.display_date, e.rating, e.rating_level)
        for e in events
    ]
    return Chart(
        id="chart-timeline",
        title="Events since 1999",
        summary=timeline_summary(events),
        figure=timeline_figure(points, kinds),
        table=Table(
            caption="The events in the chart",
            headers=["Date", "Kind", "Event", "Rating"],
            rows=[[e.display_date, e.get_kind_display(), e.title, e.rating or NO_FIGURE] for e in events],
        ),
        height=max(260, 56 * len(kinds) + 120),
    )


@dataclass(frozen=True)
class UpdateRow:
    date: str
    rag: Badge
    commentary: str
    author: str
    provenance: str
    date_note: str = ""


def update_row(update: ProgressUpdate) -> UpdateRow:
    return UpdateRow(
        precise_date_label(update.date, update.date_precision),
        update_rag_badge(update.rag),
        update.commentary,
        update.author,
        provenance_note(update.provenance),
        update.date_note,
    )


@dataclass(frozen=True)
class ActionRow:
    code: str
    title: str
    status: Badge
    owner: str
    due: str
    completed: str
    latest_update: UpdateRow | None
    provenance: str


def action_row(action: Action) -> ActionRow:
    """Return an action's row; its updates must be prefetched newest first."""
    updates = list(action.updates.all())
    return ActionRow(
        code=action.code,
        title=action.title,
        status=status_badge(action.status),
        owner=owner_label(action),
        due=date_label(action.due_date),
        completed=completion_label(action),
        latest_update=update_row(updates[0]) if updates else None,
        provenance=provenance_note(action.provenance),
    )


@dataclass(frozen=True)
class StatusLine:
    when: str
    status: Badge


def status_history_lines(action: Action, history: StatusHistory) -> list[StatusLine]:
    """Return the status history as shown: the first status, then each recorded change, dated.

    A status taken from a source is shown with that source and no date, since the day it was
    loaded says nothing about when it became true; an officer's first status is dated when it
    was stored, which is when it was set.
    """
    if action.source_status:
        opening = f"As the source states it ({action.source})" if action.source else "As the source states it"
    elif history.first_stored is not None:
        opening = f"{date_label(timezone.localdate(history.first_stored))}, entered"
    else:
        opening = "As first recorded, undated"
    lines = [StatusLine(opening, status_badge(history.first))]
    lines += [
        StatusLine(date_label(timezone.localdate(when)), status_badge(status))
        for when, status in history.changes
    ]
    return lines


@dataclass(frozen=True)
class MilestoneRow:
    title: str
    due: str
    status: Badge
    completed: str
    overdue: bool = False


def milestone_row(milestone: Milestone, today: dt.date | None = None) -> MilestoneRow:
    """Return a milestone's row; given ``today``, flagged overdue when its due date has passed
    and it is not complete."""
    overdue = (
        today is not None
        and milestone.status != Status.COMPLETE
        and milestone.due_date is not None
        and milestone.due_date < today
    )
    return MilestoneRow(
        milestone.title,
        date_label(milestone.due_date),
        status_badge(milestone.status),
        date_label(milestone.completed_on) if milestone.completed_on else "",
        overdue,
    )


def financial_year(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def current_financial_year(today: dt.date) -> int:
    """Return the financial year (April to March) containing ``today``, by its first calendar year."""
    return today.year if today.month >= 4 else today.year - 1
