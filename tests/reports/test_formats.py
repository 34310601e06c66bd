"""The Word and Excel files carry the pages' numbers, real headings, numbers as numbers."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from reports import services
from reports.render.xlsx import safe
from tests.factories import CouncilReportFactory
from tests.reports.builders import build_pack_data
from tests.reports.extract import docx_headings, docx_text, xlsx_cells

pytestmark = pytest.mark.django_db


def page_text(client, url: str) -> str:
    body = client.get(url).content.decode()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_word_and_excel_carry_the_same_numbers_as_the_pages_for_the_same_period(client):
    data = build_pack_data()
    report = CouncilReportFactory()
    pack = services.report_publish(report=report, user=None).data
    words = docx_text(services.render_bytes(pack, "docx"))
    cells = xlsx_cells(services.render_bytes(pack, "xlsx"))
    monthly = {(r[0], r[2].date()): r[3] for r in cells["Monthly values"][1:]}
    scorecard = {r[0]: r for r in cells["Scorecard"][1:]}
    measures_page = page_text(client, reverse("performance:scorecard"))

    for measure, entry in zip(data.measures, pack["measures"], strict=True):
        page = page_text(client, reverse("dashboard:measure", args=[measure.code]))
        for value in entry["values"]:
            month = dt.date.fromisoformat(value["period"])
            shown = f"{value['month']} {value['display']}"
            assert shown in page
            assert shown in words
            assert monthly[measure.code, month] == float(Decimal(value["value"]))
        latest = entry["latest"]
        assert f"{latest['display']}" in measures_page
        assert entry["rag"]["text"] in measures_page
        assert scorecard[measure.code][3] == float(Decimal(latest["value"]))
        assert scorecard[measure.code][5] == entry["rag"]["text"]
        assert f"{measure.name} {latest['display']}" in words


def test_the_word_file_has_headings_at_the_right_levels():
    build_pack_data()
    pack = services.report_data(CouncilReportFactory(title="Improvement report to Council"))

    headings = docx_headings(services.render_bytes(pack, "docx"))

    assert headings[0] == ("Title", "Improvement report to Council")
    progress = headings[headings.index(("Heading 1", "4. Progress")) :]
    assert [text for style, text in progress if style == "Heading 2"][:6] == [
        "4.1 What changed since the last report",
        "4.2 Performance measures",
        "4.3 Improvement actions",
        "4.4 Events in the period",
        "4.5 Priorities",
        "4.6 Options appraisal",
    ]
    measures = progress[progress.index(("Heading 2", "4.2 Performance measures")) :]
    assert measures[1] == ("Heading 3", "Pack measure A of children seen (illustrative figures)")
    assert ("Heading 1", "Appendix C: Improvement actions") in headings
    assert ("Heading 2", "Stabilise the workforce (2015/16)") in headings


def test_the_workbook_numbers_are_numbers_and_dates_are_dates():
    build_pack_data()
    cells = xlsx_cells(services.render_bytes(services.report_data(CouncilReportFactory()), "xlsx"))

    for row in cells["Monthly values"][1:]:
        assert isinstance(row[2], dt.datetime)
        assert isinstance(row[3], float | int)
        assert isinstance(row[4], float | int)
    assert {"About", "Changes", "Scorecard", "Monthly values", "Benchmarks", "Actions", "Timeline"} <= set(
        cells
    )
    assert {"Priorities", "Options", "Metadata", "SPC signals", "Commentary"} <= set(cells)
    metadata = cells["Metadata"]
    assert metadata[0][:5] == ("Code", "Measure", "Definition", "Unit", "Polarity")
    assert metadata[1][4] == "Higher is better"
    totals = {r[1]: r[2] for r in cells["Options"][1:]}
    assert totals == {"Trust": 23, "In house": 13}


@pytest.mark.parametrize("text", ["=1+1", "+44 121", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_written_with_a_leading_apostrophe(text):
    assert safe(text) == "'" + text


def test_formula_like_text_in_a_definition_is_escaped_in_the_workbook():
    data = build_pack_data(measures=1)
    data.measures[0].definition = '=HYPERLINK("http://example.com","x")'
    data.measures[0].save()

    cells = xlsx_cells(services.render_bytes(services.report_data(CouncilReportFactory()), "xlsx"))

    assert cells["Metadata"][1][2] == "'" + data.measures[0].definition
    assert safe(12.5) == 12.5
