"""Milestones past their due date and not complete are flagged overdue in words."""

from __future__ import annotations

import datetime as dt

from core.choices import Status
from improvement.models import Milestone
from improvement.presenters import milestone_row

TODAY = dt.date(2026, 12, 4)


def _milestone(status: str, due: dt.date) -> Milestone:
    return Milestone(title="Caseloads under 20", status=status, due_date=due)


def test_a_milestone_not_started_after_its_due_date_is_overdue():
    assert milestone_row(_milestone(Status.NOT_STARTED, dt.date(2017, 3, 31)), TODAY).overdue


def test_a_complete_or_not_yet_due_milestone_is_not_overdue():
    assert not milestone_row(_milestone(Status.COMPLETE, dt.date(2017, 3, 31)), TODAY).overdue
    assert not milestone_row(_milestone(Status.ON_TRACK, dt.date(2027, 3, 31)), TODAY).overdue


def test_without_a_date_to_compare_with_nothing_is_flagged():
    assert not milestone_row(_milestone(Status.NOT_STARTED, dt.date(2017, 3, 31))).overdue
