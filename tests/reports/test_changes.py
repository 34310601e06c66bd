"""What changed since the last report, and the check a published month needs before a change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.choices import Status
from improvement.models import Action
from reports import services
from reports.services import check_published_month_change
from tests.factories import CouncilReportFactory, TimelineEventFactory
from tests.reports.builders import build_pack_data, restate

pytestmark = pytest.mark.django_db

FIRST = {"period_start": dt.date(2015, 5, 1), "period_end": dt.date(2015, 10, 1)}
SECOND = {"period_start": dt.date(2015, 11, 1), "period_end": dt.date(2016, 4, 1)}


def test_the_change_section_finds_a_restated_value_with_its_old_and_new_figures():
    data = build_pack_data()
    first = CouncilReportFactory(title="Autumn report", **FIRST)
    services.report_publish(report=first, user=None)
    month = dt.date(2015, 8, 1)
    old = data.measures[0].values.get(period=month).value

    restate(data.measures[0], month, Decimal("41.5"), reason="Duplicate referrals removed")
    changes = services.report_data(CouncilReportFactory(title="Spring report", **SECOND))["changes"]

    assert changes["previous"]["title"] == "Autumn report"
    [row] = changes["restated"]
    assert row["name"] == data.measures[0].name
    assert row["month"] == "August 2015"
    assert Decimal(row["old"]) == old
    assert row["old_display"] == f"{old:.1f}%"
    assert (row["new"], row["new_display"]) == ("41.5000", "41.5%")
    assert row["reason"] == "Duplicate referrals removed"


def test_a_value_saved_again_unchanged_is_not_a_restatement():
    data = build_pack_data()
    services.report_publish(report=CouncilReportFactory(**FIRST), user=None)
    month = dt.date(2015, 8, 1)
    restate(data.measures[0], month, data.measures[0].values.get(period=month).value)

    changes = services.report_data(CouncilReportFactory(**SECOND))["changes"]

    assert changes["restated"] == []


def test_the_change_section_lists_rag_changes_completed_actions_and_new_events():
    data = build_pack_data()
    services.report_publish(report=CouncilReportFactory(**FIRST), user=None)
    for month in (dt.date(2016, 3, 1), dt.date(2016, 4, 1)):
        restate(data.measures[0], month, Decimal("70"))
    Action.objects.update(status=Status.COMPLETE, completed_on=dt.date(2016, 2, 1))
    TimelineEventFactory(date=dt.date(2016, 2, 10), title="Commissioner appointed")

    changes = services.report_data(CouncilReportFactory(**SECOND))["changes"]

    assert {"name": data.measures[0].name, "before": "Red", "after": "Green"} in changes["rag"]
    assert [a["title"] for a in changes["completed"]] == ["Recruit permanent social workers"]
    assert [e["title"] for e in changes["events"]] == ["Commissioner appointed"]


def test_the_first_pack_says_there_is_nothing_to_compare_with():
    build_pack_data()

    changes = services.report_data(CouncilReportFactory())["changes"]

    assert changes["previous"] is None
    assert "first published pack" in changes["message"]


def test_changing_a_published_month_names_the_packs_and_needs_a_reason():
    data = build_pack_data()
    services.report_publish(report=CouncilReportFactory(title="Autumn report", **FIRST), user=None)
    measure = data.measures[0]

    assert check_published_month_change(measure.pk, dt.date(2015, 8, 1), "Recount") == ["Autumn report"]
    with pytest.raises(ValidationError, match="give a reason"):
        check_published_month_change(measure.pk, dt.date(2015, 8, 1), "  ")
    assert check_published_month_change(measure.pk, dt.date(2016, 1, 1), "") == []


def test_a_draft_pack_does_not_protect_its_months():
    data = build_pack_data()
    CouncilReportFactory(**FIRST)

    assert check_published_month_change(data.measures[0].pk, dt.date(2015, 8, 1), "") == []
