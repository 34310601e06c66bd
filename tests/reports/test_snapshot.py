"""The snapshot: the same commentary as the pages, a fixed number of queries, print layout."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from performance.judgement.services import commentary_for
from performance.models import CommentaryStatus, MeasureCommentary
from reports import services
from reports.snapshot import print_figure
from tests.factories import CouncilReportFactory
from tests.reports.builders import build_pack_data

pytestmark = pytest.mark.django_db


def test_the_pack_drafts_the_same_commentary_as_the_pages():
    data = build_pack_data()

    pack = services.report_data(CouncilReportFactory())

    for measure, entry in zip(data.measures, pack["measures"], strict=True):
        page = commentary_for(measure=measure, period=dt.date(2016, 4, 1))
        assert [s["text"] for s in entry["commentary"]["sentences"]] == [s.text for s in page.sentences]
        assert entry["commentary"]["status_label"] == "Drafted automatically, not yet approved"
        assert {s["label"] for s in entry["commentary"]["sentences"]} == {
            "Drafted automatically from the figures"
        }


def test_the_pack_prints_approved_commentary_with_the_officers_words_labelled():
    data = build_pack_data(measures=1)
    MeasureCommentary.objects.create(
        measure=data.measures[0],
        period=dt.date(2016, 4, 1),
        sentences=[{"key": "latest", "text": "Our own words.", "drafted": False}],
        status=CommentaryStatus.APPROVED,
        approved_at=timezone.now(),
    )

    [entry] = services.report_data(CouncilReportFactory())["measures"]

    assert entry["commentary"]["status_label"] == "Approved"
    assert entry["commentary"]["sentences"] == [
        {"key": "latest", "text": "Our own words.", "drafted": False, "label": "Written by an officer"}
    ]


def queries_for(report) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.report_data(report)
    return len(queries)


def test_building_a_snapshot_costs_the_same_queries_whatever_the_number_of_measures():
    build_pack_data(measures=2)
    report = CouncilReportFactory()
    few = queries_for(report)

    build_pack_data(measures=5, suffix=" (more)")

    assert queries_for(report) == few
    assert few <= 30


def test_a_wrapping_legend_is_moved_below_the_axis_title_with_room_made():
    figure = {
        "data": [{"name": f"A long criterion name number {i}"} for i in range(8)],
        "layout": {"xaxis": {"title": {"text": "Score"}}, "legend": {"orientation": "h", "y": -0.2}},
    }

    printed, extra = print_figure(figure)

    assert printed["layout"]["legend"]["yref"] == "container"
    assert extra >= 4 * 24
    assert printed["layout"]["margin"]["b"] == 48 + extra
    assert printed["data"] == figure["data"]
    assert print_figure({"data": [], "layout": {"legend": {"orientation": "h"}}})[1] == 0
