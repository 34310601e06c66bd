"""What the Word and Excel files contain: the report's shape, A4, en-GB, header rows, marks."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from core.choices import DatePrecision
from options.models import Appraisal
from reports import services
from reports.render.xlsx import PUBLISHED
from tests.factories import CouncilReportFactory
from tests.reports.builders import build_pack_data
from tests.reports.extract import docx_text, xlsx_cells
from tests.reports.marks import MARK, expected_marks, marked_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack():
    build_pack_data()
    Appraisal.objects.update(date=dt.date(2013, 12, 1), date_precision=DatePrecision.MONTH)
    report = CouncilReportFactory(
        report_of="Director of Children's Services",
        contact_name="A. Clerk",
        contact_role="Committee Manager",
        purpose="To report progress in children's social care.",
        recommendations="Note the progress.\nAsk for a further report in six months.",
    )
    return services.report_publish(report=report, user=None).data


@pytest.fixture
def word(pack):
    return docx.Document(io.BytesIO(services.render_bytes(pack, "docx")))


def test_every_section_of_the_word_file_is_a4(word):
    for section in word.sections:
        assert abs(section.page_width - Mm(210)) < Mm(1)
        assert abs(section.page_height - Mm(297)) < Mm(1)


def test_the_word_file_is_in_british_english(word):
    defaults = word.styles.element.find(qn("w:docDefaults"))
    languages = {lang.get(qn("w:val")) for lang in defaults.iter(qn("w:lang"))}
    assert languages == {"en-GB"}
    assert all(lang.get(qn("w:val")) == "en-GB" for lang in word.styles.element.iter(qn("w:lang")))
    assert word.core_properties.language == "en-GB"


def test_every_word_table_starts_with_a_header_row_repeated_on_each_page(word):
    assert word.tables
    for table in word.tables:
        first = table.rows[0]._tr
        header = first.find(qn("w:trPr")).find(qn("w:tblHeader"))
        assert header is not None
        assert header.get(qn("w:val")) == "true"


def test_the_footer_numbers_pages_with_page_and_numpages_fields_and_the_header_names_the_report(word, pack):
    footer = word.sections[0].footer._element
    instructions = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Page 1 of 1" in "".join(t.text for t in footer.iter(qn("w:t")))
    assert pack["title"] in word.sections[0].header.paragraphs[0].text


def test_the_contents_is_a_real_field(word):
    instructions = [t.text.strip() for t in word.element.body.iter(qn("w:instrText"))]
    assert any(i.startswith("TOC ") for i in instructions)


def _caption(table) -> str:
    before = table._tbl.getprevious()
    return "".join(t.text for t in before.iter(qn("w:t"))) if before is not None else ""


def test_no_table_is_printed_twice_in_the_word_file(word):
    seen = [
        (_caption(table), tuple(tuple(cell.text for cell in row.cells) for row in table.rows))
        for table in word.tables
    ]
    assert len(seen) == len(set(seen))
    bodies = [rows[1:] for _caption_text, rows in seen if len(rows) > 2]
    assert len(bodies) == len(set(bodies))


def test_the_word_file_has_the_councils_report_shape_in_order(word):
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:6] == [
        "Contents",
        "1. Purpose of the report",
        "2. Recommendations",
        "3. Executive summary",
        "4. Progress",
        "5. Contact officer",
    ]
    assert headings[6:] == [
        "6. Appendices",
        "Appendix A: Scorecard",
        "Appendix B: Monthly values of each measure",
        "Appendix C: Improvement actions",
        "Appendix D: Timeline of events",
        "Appendix E: Priorities and milestones",
        "Appendix F: Options appraisal",
        "Appendix G: Measure definitions",
    ]


def test_the_word_file_prints_the_cover_purpose_recommendations_and_drafted_summary(pack):
    text = docx_text(services.render_bytes(pack, "docx"))
    for words in (
        "Report of Director of Children's Services",
        "Wards affected All wards",
        "Key decision No: the report is for noting",
        "Open or exempt Open: a public report",
        "Contact officer A. Clerk, Committee Manager",
        "To report progress in children's social care.",
        "2.1 Note the progress.",
        "2.2 Ask for a further report in six months.",
    ):
        assert words in text
    assert pack["summary"]
    for sentence in pack["summary"]:
        assert sentence["drafted"]
        assert f"{sentence['text']} [{sentence['label']}]" in text


def test_every_illustrative_figure_in_the_word_file_is_marked(pack):
    text = docx_text(services.render_bytes(pack, "docx"))
    assert expected_marks(pack) > 0
    assert marked_figures(text) == expected_marks(pack)


def test_each_measures_monthly_values_are_printed_once_in_the_word_file(pack):
    text = docx_text(services.render_bytes(pack, "docx"))
    for measure in pack["measures"]:
        for value in measure["values"][:-1]:
            assert text.count(f"{value['month']} {value['display']}") == 1


def test_every_workbook_sheet_with_an_illustrative_figure_has_a_provenance_column_saying_so(pack):
    sheets = xlsx_cells(services.render_bytes(pack, "xlsx"))
    illustrative_values = sum(v["illustrative"] for m in pack["measures"] for v in m["values"])
    assert illustrative_values > 0
    for name in ("Scorecard", "Monthly values", "SPC signals", "Commentary", "Options"):
        header = sheets[name][0]
        assert header[-1] == "Provenance", name
    monthly = sheets["Monthly values"]
    column = monthly[0].index("Provenance")
    marked = [r for r in monthly[1:] if r[column].startswith("Illustrative") and "value" in r[column]]
    assert len(marked) == illustrative_values
    scorecard = sheets["Scorecard"]
    assert all(r[-1] != PUBLISHED for r in scorecard[1:])
    options = sheets["Options"]
    assert all("acceptability rank" in r[-1] or r[4] is None for r in options[1:])


def test_the_appraisal_keeps_the_precision_of_its_date(pack):
    assert pack["options"]["date"] == "December 2013"
    assert "1 December 2013" not in docx_text(services.render_bytes(pack, "docx"))


def test_the_mark_is_one_character_printed_after_the_figure():
    assert MARK == "\N{DAGGER}"
    assert marked_figures(f"61.3%{MARK} and 65{MARK}; {MARK} Illustrative") == 2
