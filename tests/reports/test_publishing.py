"""Publishing freezes a pack; a published pack reads the same after later edits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reports import services
from reports.models import CouncilReport, PublishedReportError, ReportSnapshot, ReportStatus
from tests.factories import CouncilReportFactory, MeasureValueFactory
from tests.reports.builders import DRAFT_VALUE, build_pack_data, restate
from tests.reports.extract import docx_text, xlsx_cells

pytestmark = pytest.mark.django_db


def test_publishing_stores_a_snapshot_and_marks_the_pack_published(superuser):
    data = build_pack_data()
    report = CouncilReportFactory()

    snapshot = services.report_publish(report=report, user=superuser)

    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert report.published_at is not None
    assert report.published_by == superuser
    assert ReportSnapshot.objects.get(report=report) == snapshot
    stored = {m["code"]: m for m in snapshot.data["measures"]}
    first = data.measures[0]
    assert [v["period"] for v in stored[first.code]["values"]] == [m.isoformat() for m in data.months[2:]]
    assert stored[first.code]["values"][0]["value"] == str(first.values.get(period=dt.date(2015, 5, 1)).value)
    assert snapshot.data["meeting_date_label"] == "not stated"


def test_a_snapshot_holds_approved_values_only():
    build_pack_data(end=dt.date(2016, 3, 1))
    report = CouncilReportFactory()

    snapshot = services.report_publish(report=report, user=None)

    printed = [v["value"] for m in snapshot.data["measures"] for v in m["values"]]
    assert str(DRAFT_VALUE) not in " ".join(printed)
    assert all(m["values"][-1]["period"] == "2016-03-01" for m in snapshot.data["measures"])


def test_a_published_pack_and_its_snapshot_refuse_changes():
    build_pack_data()
    report = CouncilReportFactory()
    snapshot = services.report_publish(report=report, user=None)

    report.title = "Something else"
    with pytest.raises(PublishedReportError):
        report.save()
    with pytest.raises(PublishedReportError):
        snapshot.save()
    with pytest.raises(PublishedReportError):
        CouncilReport.objects.get(pk=report.pk).delete()
    with pytest.raises(ValidationError, match="already published"):
        services.report_publish(report=report, user=None)


def test_publishing_is_all_or_nothing(monkeypatch):
    build_pack_data()
    report = CouncilReportFactory()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(CouncilReport, "save", broken)
    with pytest.raises(RuntimeError):
        services.report_publish(report=report, user=None)
    assert not ReportSnapshot.objects.exists()
    assert CouncilReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_editing_a_value_after_publishing_leaves_the_word_and_excel_content_unchanged():
    data = build_pack_data()
    report = CouncilReportFactory()
    services.report_publish(report=report, user=None)
    before_docx = services.render_bytes(services.report_data(report), "docx")
    before_xlsx = services.render_bytes(services.report_data(report), "xlsx")
    month = dt.date(2016, 1, 1)
    old = data.measures[0].values.get(period=month).value

    restate(data.measures[0], month, Decimal("12.34"))
    MeasureValueFactory(measure=data.measures[1], period=dt.date(2016, 6, 1), value=Decimal("55"))

    report = CouncilReport.objects.get(pk=report.pk)
    after_docx = services.render_bytes(services.report_data(report), "docx")
    after_xlsx = services.render_bytes(services.report_data(report), "xlsx")
    assert docx_text(after_docx) == docx_text(before_docx)
    assert xlsx_cells(after_xlsx) == xlsx_cells(before_xlsx)
    rows = xlsx_cells(after_xlsx)["Monthly values"]
    excel_month = dt.datetime(2016, 1, 1)  # noqa: DTZ001 - Excel cells hold naive datetimes
    assert (data.measures[0].code, data.measures[0].name, excel_month, float(old)) in [r[:4] for r in rows]
    assert "12.34" not in docx_text(after_docx)


def test_a_draft_pack_follows_the_latest_figures():
    data = build_pack_data()
    report = CouncilReportFactory()
    restate(data.measures[0], dt.date(2016, 4, 1), Decimal("12.34"))

    shown = services.report_data(report)

    assert shown["draft"] is True
    assert shown["measures"][0]["latest"]["value"] == "12.3400"
