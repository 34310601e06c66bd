"""An empty or partial period gives a clear message, and an empty pack cannot be published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from reports import services
from reports.models import ReportStatus
from tests.factories import CouncilReportFactory
from tests.reports.builders import build_pack_data
from tests.reports.extract import docx_text, xlsx_cells

pytestmark = pytest.mark.django_db


def test_an_empty_period_says_there_are_no_figures_and_cannot_be_published():
    build_pack_data()
    report = CouncilReportFactory(period_start=dt.date(2010, 5, 1), period_end=dt.date(2011, 4, 1))

    data = services.report_data(report)

    assert data["coverage"]["state"] == "empty"
    assert data["coverage"]["message"].startswith("There are no approved figures for May 2010 to April 2011")
    assert data["coverage"]["message"] in docx_text(services.render_bytes(data, "docx"))
    with pytest.raises(ValidationError, match="no approved figures"):
        services.report_publish(report=report, user=None)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_partial_period_says_how_many_months_have_figures():
    build_pack_data(end=dt.date(2015, 12, 1))
    report = CouncilReportFactory()

    data = services.report_data(report)

    assert data["coverage"]["state"] == "partial"
    assert data["coverage"]["message"].startswith(
        "Partial period: approved figures cover 8 of the 12 months of May 2015 to April 2016 "
        "(from May 2015 to December 2015)"
    )
    about = dict(r[:2] for r in xlsx_cells(services.render_bytes(data, "xlsx"))["About"])
    assert about["Coverage"] == data["coverage"]["message"]


def test_a_complete_period_has_no_warning():
    build_pack_data()

    data = services.report_data(CouncilReportFactory())

    assert data["coverage"] == {
        "state": "complete",
        "months_expected": 12,
        "months_with_values": 12,
        "message": "",
    }
