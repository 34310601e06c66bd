"""Reads for the improvement pages: timeline, themes and actions, priorities. One query per need."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, When

from improvement.models import Action, EventKind, Milestone, Priority, ProgressUpdate, Theme, TimelineEvent


def timeline_events(kinds: list[str] | None = None) -> QuerySet[TimelineEvent]:
    """Return the timeline's events oldest first, only of ``kinds`` when given."""
    events = TimelineEvent.objects.order_by("date", "slug")
    if kinds:
        events = events.filter(kind__in=kinds)
    return events


def events_between(start: dt.date, end: dt.date) -> QuerySet[TimelineEvent]:
    """Return the events dated from ``start`` to ``end`` inclusive, oldest first."""
    return TimelineEvent.objects.filter(date__gte=start, date__lte=end).order_by("date", "slug")


def latest_inspection() -> TimelineEvent | None:
    """Return the most recent inspection that gave a rating, or None."""
    return (
        TimelineEvent.objects.filter(kind=EventKind.INSPECTION)
        .exclude(rating="")
        .order_by("-date", "-slug")
        .first()
    )


def events_and_latest_inspection(
    start: dt.date, end: dt.date
) -> tuple[list[TimelineEvent], TimelineEvent | None]:
    """Return the events dated from ``start`` to ``end`` (oldest first) and the most recent
    inspection that gave a rating (or None), in one query."""
    latest = (
        TimelineEvent.objects.filter(kind=EventKind.INSPECTION)
        .exclude(rating="")
        .order_by("-date", "-slug")
        .values("pk")[:1]
    )
    rows = list(
        TimelineEvent.objects.filter(Q(date__gte=start, date__lte=end) | Q(pk=Subquery(latest)))
        .annotate(is_latest_inspection=Case(When(pk=Subquery(latest), then=True), default=False))
        .order_by("date", "slug")
    )
    inspection = next((e for e in rows if e.is_latest_inspection), None)
    return [e for e in rows if start <= e.date <= end], inspection


def themes_with_actions() -> QuerySet[Theme]:
    """Return the themes with their actions and each action's updates, newest first. Three queries."""
    updates = ProgressUpdate.objects.order_by("-date")
    actions = Action.objects.order_by("order", "code").prefetch_related(Prefetch("updates", queryset=updates))
    return Theme.objects.order_by("order", "code").prefetch_related(Prefetch("actions", queryset=actions))


def action_by_code(code: str) -> Action | None:
    """Return the action with its theme, updates (newest first) and measures, or None. Three queries."""
    return (
        Action.objects.select_related("theme")
        .prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date")),
            "measures",
        )
        .filter(code=code)
        .first()
    )


@dataclass(frozen=True)
class StatusHistory:
    """An action's status as first stored, and each change to it recorded since, oldest first."""

    first: str
    first_stored: dt.datetime | None
    changes: list[tuple[dt.datetime, str]]


def action_status_history(action: Action) -> StatusHistory:
    """Return the action's first status and the changes recorded after it. One query.

    An action taken from a source starts from the status the source states (``source_status``);
    its history rows are compared with that, so a row written when the content was loaded (dated
    the day of the load) is no change. An action an officer entered starts from its first
    history row, dated when it was stored, which is when that status was set.
    """
    rows = list(action.history.order_by("history_date", "history_id").values_list("history_date", "status"))
    if action.source_status:
        first, first_stored, later = action.source_status, None, rows
    elif rows:
        first, first_stored, later = rows[0][1], rows[0][0], rows[1:]
    else:
        return StatusHistory(first=action.status, first_stored=None, changes=[])
    changes: list[tuple[dt.datetime, str]] = []
    current = first
    for when, status in later:
        if status != current:
            changes.append((when, status))
            current = status
    return StatusHistory(first=first, first_stored=first_stored, changes=changes)


def action_status_counts() -> Counter[str]:
    """Return the number of actions in each status. One query."""
    return Counter(Action.objects.order_by().values_list("status", flat=True))


def action_status_changes_since(since: dt.datetime) -> list[tuple[Action, str, str]]:
    """Return actions whose status changed since ``since``: (action, status before, status after).

    Read from django-simple-history: each change record after ``since`` is compared with the
    record before it, so a status set and then set back shows as two changes; a record with no
    earlier one to compare is not a change. One query.
    """
    history = Action.history.model
    previous = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("status")[:1]
    )
    records = (
        history.objects.filter(history_date__gte=since, history_type="~")
        .annotate(previous_status=Subquery(previous))
        .order_by("history_date", "history_id")
    )
    actions: dict[int, Action] = {}
    changes: list[tuple[Action, str, str]] = []
    for record in records:
        if record.previous_status is None or record.previous_status == record.status:
            continue
        action = actions.setdefault(record.id, record.instance)
        changes.append((action, record.previous_status, record.status))
    return changes


def priority_years() -> list[int]:
    """Return the financial years that have priorities, latest first. One query."""
    return list(Priority.objects.order_by("-year").values_list("year", flat=True).distinct())


def priorities_for_year(year: int) -> QuerySet[Priority]:
    """Return a year's priorities with milestones and measures. Three queries."""
    return (
        Priority.objects.filter(year=year)
        .order_by("order", "code")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "order")), "measures"
        )
    )


def updates_recorded_since(since: dt.date) -> int:
    """Return how many progress updates are dated on or after ``since``. One query."""
    return ProgressUpdate.objects.filter(date__gte=since).count()
