"""What changed since last month, computed from data."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from core.choices import Status
from dashboard.overview import one_month_before
from improvement import selectors as improvement_selectors
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_one_month_before_keeps_the_day_or_clamps_to_a_shorter_month():
    assert one_month_before(dt.date(2016, 5, 17)) == dt.date(2016, 4, 17)
    assert one_month_before(dt.date(2016, 3, 31)) == dt.date(2016, 2, 29)
    assert one_month_before(dt.date(2016, 1, 10)) == dt.date(2015, 12, 10)


def test_action_status_changes_come_from_history_with_the_status_before():
    since = timezone.now()
    action = f.ActionFactory(status=Status.ON_TRACK)  # creation is not a change
    action.status = Status.AT_RISK
    action.save()
    action.title = "Renamed"  # a save that leaves the status alone is not a change
    action.save()
    changes = improvement_selectors.action_status_changes_since(since)
    assert [(a.code, before, after) for a, before, after in changes] == [(action.code, "on_track", "at_risk")]


def test_changes_before_the_window_are_left_out():
    action = f.ActionFactory(status=Status.ON_TRACK)
    action.status = Status.AT_RISK
    action.save()
    assert improvement_selectors.action_status_changes_since(timezone.now() + dt.timedelta(seconds=1)) == []


def test_the_overview_lists_rag_changes_and_recent_status_changes(client):
    measure = f.MeasureFactory(name="Assessments in time", short_name="Assessments", polarity="higher")
    f.TargetFactory(measure=measure, value=D("80"), tolerance=D("5"))
    f.MeasureValueFactory(measure=measure, period=dt.date(2016, 3, 1), value=D("70"))
    f.MeasureValueFactory(measure=measure, period=dt.date(2016, 4, 1), value=D("81"))
    action = f.ActionFactory(title="Open the MASH", status=Status.ON_TRACK)
    action.status = Status.OFF_TRACK
    action.save()
    html = client.get("/").content.decode()
    assert "April 2016 against March 2016" in html
    changed = html[html.index("Measures whose RAG rating changed") :]
    assert "Assessments" in changed
    assert changed.index(">Red<") < changed.index(">Green<")
    assert "2 monthly values approved" in html
    assert "1 change of an action" in html
    status = html[html.index("Actions whose status changed") :]
    assert "Open the MASH" in status
    assert ">On track<" in status
    assert ">Off track<" in status
