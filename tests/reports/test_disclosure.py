"""Disclosure control in published reports: small counts shown as "c", never as 0; drafts untouched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.periods import months_between
from performance.models import Basis, Comparator, Unit
from reports import services
from tests.factories import BenchmarkValueFactory, CouncilReportFactory, MeasureFactory, MeasureValueFactory
from tests.reports.extract import docx_text, xlsx_cells

pytestmark = pytest.mark.django_db

# May 2015 to March 2016 fall in DfE's year 2016; April 2016 in 2017.
COUNTS = [40, 3, 0, 12, 30, 31, 32, 33, 34, 35, 36, 37]
MONTHS = months_between(dt.date(2015, 5, 1), dt.date(2016, 4, 1))


@pytest.fixture
def counted():
    measure = MeasureFactory(
        name="Children adopted",
        unit=Unit.COUNT,
        decimal_places=0,
        basis=Basis.COUNT,
        disclosure_control=True,
    )
    for month, count in zip(MONTHS, COUNTS, strict=True):
        MeasureValueFactory(measure=measure, period=month, value=Decimal(count))
    BenchmarkValueFactory(
        measure=measure, comparator=Comparator.COUNCIL, area_code="E08000025", area_name="Council", year=2016
    )
    return measure


def _shown(values):
    return {v["month"]: v["display"] for v in values}


def test_a_published_report_shows_a_small_count_and_the_count_that_would_reveal_it_as_c(counted):
    pack = services.report_publish(report=CouncilReportFactory(), user=None).data

    [entry] = pack["measures"]
    shown = _shown(entry["values"])
    assert shown["June 2015"] == "c"
    # The year's total is published, so the smallest other non-zero month of that year goes too.
    assert shown["August 2015"] == "c"
    assert shown["July 2015"] == "0"
    assert shown["May 2015"] == "40"
    hidden = [v for v in entry["values"] if v["suppressed"]]
    assert all(v["value"] is None and v["rag"] != "Green" for v in hidden)
    assert entry["suppressed_count"] == 2
    assert pack["disclosure"]["applied"]
    assert "2 figures are shown as c" in pack["disclosure"]["note"]


def test_a_draft_shows_the_figures_as_stored(counted):
    draft = services.report_data(CouncilReportFactory())

    [entry] = draft["measures"]
    assert _shown(entry["values"])["June 2015"] == "3"
    assert not any(v["suppressed"] for v in entry["values"])
    assert "On publishing, disclosure control is applied" in draft["disclosure"]["note"]


def test_a_suppressed_count_is_c_in_the_workbook_never_zero_or_blank(counted):
    pack = services.report_publish(report=CouncilReportFactory(), user=None).data

    rows = xlsx_cells(services.render_bytes(pack, "xlsx"))["Monthly values"]
    by_month = {r[2].date(): r[3] for r in rows[1:]}
    assert by_month[dt.date(2015, 6, 1)] == "c"
    assert by_month[dt.date(2015, 8, 1)] == "c"
    assert by_month[dt.date(2015, 7, 1)] == 0


def test_the_word_file_prints_c_and_says_disclosure_control_was_applied(counted):
    pack = services.report_publish(report=CouncilReportFactory(), user=None).data

    text = docx_text(services.render_bytes(pack, "docx"))
    assert "June 2015 c " in text
    assert "June 2015 3 " not in text
    assert "Disclosure control" in text
    assert "Children adopted" in text


def test_the_stored_values_and_an_officers_measure_page_keep_the_real_figures(client, officer, counted):
    services.report_publish(report=CouncilReportFactory(), user=None)
    client.force_login(officer)

    assert counted.values.get(period=dt.date(2015, 6, 1)).value == Decimal(3)
    page = client.get(reverse("dashboard:measure", args=[counted.code])).content.decode()
    assert "June 2015" in page


def test_a_measure_without_disclosure_control_is_printed_as_stored(counted):
    counted.disclosure_control = False
    counted.save()

    pack = services.report_publish(report=CouncilReportFactory(), user=None).data

    assert _shown(pack["measures"][0]["values"])["June 2015"] == "3"
    assert "No measure in this pack" in pack["disclosure"]["note"]
