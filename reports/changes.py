"""What changed since the last published pack: RAG and signal changes, actions completed or
slipped, new timeline events, and figures restated after that pack was published.

Restatements come from django-simple-history: every approved value's record written after the
last pack was published, for a month that pack covered, whose value now differs from the value
that pack printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.choices import Status
from core.periods import month_end
from improvement import selectors as improvement_selectors
from performance.measures import presenters
from performance.models import MeasureValue, ValueStatus

# Higher is worse: a move to a higher rank is a slip.
STATUS_RANK = {
    Status.COMPLETE: 0,
    Status.ON_TRACK: 1,
    Status.NOT_STARTED: 2,
    Status.AT_RISK: 3,
    Status.OFF_TRACK: 4,
}


def _first_pack(message: str) -> dict[str, Any]:
    return {
        "previous": None,
        "message": message,
        "rag": [],
        "signals": [],
        "completed": [],
        "slipped": [],
        "events": [],
        "restated": [],
    }


def _by_code(items: list[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {item["code"]: item for item in items}


def _actions(previous: Mapping[str, Any], current: Mapping[str, Any]) -> tuple[list[dict], list[dict]]:
    before = {a["code"]: a for t in previous.get("actions", []) for a in t["actions"]}
    completed, slipped = [], []
    for theme in current.get("actions", []):
        for action in theme["actions"]:
            old = before.get(action["code"])
            if old is None:
                continue
            row = {
                "title": action["title"],
                "before": old["status_label"],
                "after": action["status_label"],
                "due_before": old["due"],
                "due_after": action["due"],
            }
            if action["status"] == Status.COMPLETE and old["status"] != Status.COMPLETE:
                completed.append(row)
            elif STATUS_RANK.get(action["status"], 0) > STATUS_RANK.get(old["status"], 0) or (
                old["due_date"] and action["due_date"] and action["due_date"] > old["due_date"]
            ):
                slipped.append(row)
    return completed, slipped


def _restated(previous_snapshot: Any, measures: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Values of months the previous pack covered, approved again after it was published."""
    previous = previous_snapshot.data
    published_at = previous_snapshot.report.published_at
    start, end = (
        dt.date.fromisoformat(previous["period_start"]),
        dt.date.fromisoformat(previous["period_end"]),
    )
    printed = {(m["code"], v["period"]): v for m in previous["measures"] for v in m["values"]}
    units = {m["code"]: (m["unit"], m["decimal_places"]) for m in measures}
    records = (
        MeasureValue.history.filter(history_date__gt=published_at, period__gte=start, period__lte=end)
        .select_related("measure")
        .order_by("measure__order", "measure__code", "period", "history_date", "history_id")
    )
    latest: dict[tuple[str, str], Any] = {}
    for record in records:
        latest[record.measure.code, record.period.isoformat()] = record
    now = {
        (code, period.isoformat()): value
        for code, period, value in MeasureValue.objects.approved()
        .filter(period__gte=start, period__lte=end, measure__code__in=[c for c, _ in latest])
        .values_list("measure__code", "period", "value")
    }
    rows = []
    for (code, period), record in latest.items():
        old = printed.get((code, period))
        new = now.get((code, period))
        old_value = Decimal(old["value"]) if old else None
        if new == old_value or (new is None and record.status != ValueStatus.APPROVED and old is None):
            continue
        unit, places = units.get(code, (record.measure.unit, record.measure.decimal_places))
        rows.append(
            {
                "code": code,
                "name": record.measure.name,
                "period": period,
                "month": presenters.month_label(dt.date.fromisoformat(period)),
                "old": old["value"] if old else None,
                "old_display": old["display"] if old else "No value published",
                "new": str(new) if new is not None else None,
                "new_display": presenters.format_value(new, unit, places) if new is not None else "Withdrawn",
                "reason": record.change_reason,
                "changed_on": record.history_date.date().isoformat(),
            }
        )
    return rows


def signal_label(spc: Mapping[str, Any]) -> str:
    """Return what SPC said of the latest month: its variation, or why it said nothing."""
    if not spc.get("ready"):
        return "Not judged: too few months"
    return spc.get("variation") or "No signal"


def changes_since(previous_snapshot: Any, current: Mapping[str, Any]) -> dict[str, Any]:
    """Return the "what changed" section of ``current`` against the last published snapshot.

    Reads the history of monthly values; changes nothing.
    """
    if previous_snapshot is None:
        return _first_pack("This is the first published pack: there is no earlier report to compare with.")
    previous = previous_snapshot.data
    published = timezone.localdate(previous_snapshot.report.published_at)
    before = _by_code(previous.get("measures", []))
    rag, signals = [], []
    for measure in current["measures"]:
        old = before.get(measure["code"])
        if old is None:
            continue
        if old["rag"]["text"] != measure["rag"]["text"]:
            rag.append(
                {"name": measure["name"], "before": old["rag"]["text"], "after": measure["rag"]["text"]}
            )
        old_signal, new_signal = signal_label(old["spc"]), signal_label(measure["spc"])
        if old_signal != new_signal:
            signals.append({"name": measure["name"], "before": old_signal, "after": new_signal})
    completed, slipped = _actions(previous, current)
    seen = {e["slug"] for e in previous.get("timeline", [])}
    since = month_end(dt.date.fromisoformat(previous["period_end"])) + dt.timedelta(days=1)
    until = month_end(dt.date.fromisoformat(current["period_end"]))
    events = [
        {"date": e.display_date, "title": e.title, "kind": e.get_kind_display()}
        for e in improvement_selectors.events_between(since, until)
        if e.slug not in seen
    ]
    return {
        "previous": {
            "title": previous["title"],
            "period_label": previous["period_label"],
            "published_at": f"{published.day} {published:%B %Y}",
        },
        "message": "",
        "rag": rag,
        "signals": signals,
        "completed": completed,
        "slipped": slipped,
        "events": events,
        "restated": _restated(previous_snapshot, current["measures"]),
    }
