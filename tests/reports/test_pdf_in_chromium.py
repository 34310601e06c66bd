"""The agenda PDF (and Word's chart images), drawn by Debian's Chromium. Marked ``browser``: slow."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import pypdf
import pytest
from django.core.management import call_command

from reports import services
from reports.models import CouncilReport
from reports.render import html
from reports.render.browser import ChromiumSession
from reports.render.pdf import heading_text
from tests.browser.conftest import chromium_missing_reason
from tests.conftest import REPORT_FIXTURES
from tests.factories import CouncilReportFactory
from tests.reports.builders import build_pack_data, restate
from tests.reports.extract import docx_text, pdf_text, squash, xlsx_cells
from tests.reports.marks import expected_marks, marked_figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _chromium():
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def published():
    data = build_pack_data()
    report = CouncilReportFactory(title="Improvement report to Council")
    services.report_publish(report=report, user=None)
    return data, CouncilReport.objects.get(pk=report.pk)


def test_the_pdf_text_has_every_measure_name_and_value_of_the_pack(published):
    _, report = published

    text = pdf_text(services.report_export(report=report, formats=["pdf"])["pdf"])

    for measure in report.snapshot.data["measures"]:
        assert measure["name"] in text
        assert measure["latest"]["display"] in text
        for value in measure["values"]:
            assert f"{value['month']} {value['display']}" in text
    assert "Date of meeting not stated" in text
    assert "Period covered May 2015 to April 2016" in text


def test_the_pdf_is_a4_with_page_numbers_a_running_header_and_vector_charts(published):
    _, report = published

    reader = pypdf.PdfReader(io.BytesIO(services.report_export(report=report, formats=["pdf"])["pdf"]))

    count = len(reader.pages)
    box = reader.pages[0].mediabox
    # A4 is 595.3 x 841.9 points; Chromium rounds the page to whole CSS pixels.
    assert abs(float(box.width) - 595.3) < 2
    assert abs(float(box.height) - 841.9) < 2
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert f"Page {number} of {count}" in text
        assert "Improvement report to Council" in text
        assert not page.images, "charts must be vector drawings, not pictures"
    assert "Contents" in reader.pages[0].extract_text()


def render_from_snapshot(report: CouncilReport) -> dict[str, bytes]:
    """Render every format afresh from the stored snapshot (not the stored files)."""
    with ChromiumSession() as session:
        return {
            fmt: services.render_bytes(report.snapshot.data, fmt, session=session) for fmt in ("pdf", "docx")
        }


def test_editing_a_value_after_publishing_leaves_the_pdf_word_and_excel_unchanged(published):
    data, report = published
    before = services.report_export(report=report, formats=["pdf", "docx", "xlsx"])

    restate(data.measures[0], dt.date(2016, 4, 1), Decimal("12.34"))
    report = CouncilReport.objects.get(pk=report.pk)
    stored = services.report_export(report=report, formats=["pdf", "docx", "xlsx"])
    again = render_from_snapshot(report)

    for files in (stored, again):
        assert pdf_text(files["pdf"]) == pdf_text(before["pdf"])
        assert docx_text(files["docx"]) == docx_text(before["docx"])
    assert xlsx_cells(stored["xlsx"]) == xlsx_cells(before["xlsx"])
    assert "12.3%" not in pdf_text(again["pdf"])


def test_the_word_file_has_every_chart_as_a_picture_with_alt_text(published):
    _, report = published

    document = docx.Document(io.BytesIO(services.report_export(report=report, formats=["docx"])["docx"]))

    charts = [m["chart"] for m in report.snapshot.data["measures"]] + [
        report.snapshot.data["overview"],
        report.snapshot.data["options"]["chart"],
    ]
    assert len(document.inline_shapes) == len(charts)
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    for chart in charts:
        # Alt text: the title and the summary, then "Illustrative figures." where they are.
        assert any(d.startswith(f"{chart['title']}. {chart['summary']}") for d in described)


DEMO: dict[str, tuple[dict, bytes]] = {}


@pytest.fixture
def demo():
    """The demo report's snapshot and PDF, published as ``make run`` publishes it.

    Printed once for the module (it takes a while); the tests read the bytes, not the database.
    """
    if "pdf" not in DEMO:
        call_command("loaddata", *REPORT_FIXTURES, verbosity=0)
        call_command("seed_report_pack", stdout=io.StringIO())
        report = CouncilReport.objects.get(period_start=dt.date(2015, 5, 1))
        DEMO["pdf"] = (report.snapshot.data, services.report_export(report=report, formats=["pdf"])["pdf"])
    return DEMO["pdf"]


def test_the_demo_reports_pdf_is_a_council_report_of_at_most_forty_pages(demo):
    pack, content = demo
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = pdf_text(content)

    assert len(reader.pages) <= 40
    for heading in ("1. Purpose of the report", "2. Recommendations", "3. Executive summary", "4. Progress"):
        assert heading in text
    assert "5. Contact officer" in text
    assert "Contact officer" in squash(reader.pages[0].extract_text())
    assert squash(pack["purpose"]) in text
    for sentence in pack["summary"]:
        assert squash(sentence["text"]) in text
    for page in reader.pages[:3]:
        assert len(squash(page.extract_text())) > 1200, "the opening pages must not be nearly empty"


def test_the_demo_reports_contents_gives_the_page_each_heading_starts_on(demo):
    pack, content = demo
    reader = pypdf.PdfReader(io.BytesIO(content))
    contents = squash(reader.pages[0].extract_text())

    for item in html.contents(pack):
        page = next(
            number
            for number, pdf_page in enumerate(reader.pages, 1)
            if heading_text(item) in squash(pdf_page.extract_text())
            and (number > 1 or item["id"] == "contents")
        )
        assert f"{item['number']} {item['title']} {page}" in contents, item["title"]


def test_every_illustrative_figure_in_the_demo_reports_pdf_is_marked(demo):
    pack, content = demo

    assert marked_figures(pdf_text(content)) == expected_marks(pack) > 0
