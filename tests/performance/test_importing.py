"""Importing monthly values: files as officers make them, refusals, all-or-nothing, and the traps."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.choices import Provenance
from performance.importing.parsing import (
    ImportRefused,
    parse_month,
    read_upload,
    read_values_file,
)
from performance.importing.services import import_values
from performance.models import MeasureValue, Unit, ValueStatus
from tests.factories import MeasureFactory, MeasureValueFactory, UserFactory

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:performance_measurevalue_import")
CONFIRM_URL = reverse("admin:performance_measurevalue_process_import")


@pytest.fixture
def measures():
    return (
        MeasureFactory(code="rereferrals", name="Re-referrals within 12 months", unit=Unit.PERCENTAGE),
        MeasureFactory(code="cin", name="Children in need", unit=Unit.COUNT, decimal_places=0),
    )


@pytest.fixture
def user():
    return UserFactory(username="importer", is_superuser=True)


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def xlsx_bytes(rows, formats=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def messages_of(result) -> list[str]:
    return [m for row in result.invalid_rows for ms in row.error_dict.values() for m in ms]


GOOD = 'measure,month,value,numerator,denominator\nrereferrals,Apr-16,19.3,193,1000\ncin,2016-04,"1,234",,\n'


def test_it_imports_a_good_file_as_drafts_entered_by_the_officer(measures, user):
    result = import_values(csv_bytes(GOOD), user=user)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    values = {v.measure.code: v for v in MeasureValue.objects.select_related("measure")}
    assert values["rereferrals"].value == Decimal("19.3")
    assert values["rereferrals"].period == dt.date(2016, 4, 1)
    assert values["cin"].value == Decimal("1234")
    for value in values.values():
        assert value.status == ValueStatus.DRAFT
        assert value.provenance == Provenance.OFFICER
        assert value.entered_by == user


def test_bulk_import_still_writes_history(measures, user):
    import_values(csv_bytes(GOOD), user=user)
    history = MeasureValue.history.all()
    assert history.count() == 2
    assert {h.history_user for h in history} == {user}
    assert {h.history_change_reason for h in history} == {"Imported from a file"}


def test_each_history_row_is_its_own_values_creation(measures, user):
    """The import's own writer (performance.importing.bulkwrite) pairs every history row with its value."""
    MeasureValueFactory(measure=measures[1], period=dt.date(2016, 3, 1), value=Decimal("1200"))
    import_values(csv_bytes(GOOD), user=user)
    for value in MeasureValue.objects.filter(period=dt.date(2016, 4, 1)):
        (record,) = MeasureValue.history.filter(id=value.pk)
        assert record.history_type == "+"
        assert (record.period, record.value, record.numerator, record.denominator) == (
            value.period,
            value.value,
            value.numerator,
            value.denominator,
        )
        assert (record.measure_id, record.status, record.entered_by_id) == (
            value.measure_id,
            value.status,
            user.pk,
        )
        assert record.updated_at == value.updated_at
        assert record.history_date is not None


def test_it_can_import_values_as_submitted(measures, user):
    import_values(csv_bytes(GOOD), user=user, submit=True)
    assert set(MeasureValue.objects.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}


def test_it_reads_excel_csv_with_a_bom(measures, user):
    import_values(b"\xef\xbb\xbf" + csv_bytes(GOOD), user=user)
    assert MeasureValue.objects.count() == 2


def test_it_reads_windows_1252_with_names_percentages_and_extra_columns_in_any_order(user):
    MeasureFactory(code="caseload", name="Social workers\u2019 caseload", unit=Unit.RATIO)
    MeasureFactory(code="pct", name="Assessments \u2013 in time", unit=Unit.PERCENTAGE)
    text = (
        "Comment,Value,Team,Measure name,Month\n"
        "fine,14.8,North,Social workers\u2019 caseload,April 2016\n"
        ",45%,South,Assessments \u2013 in time,Apr-16\n"
        ",,,,\n,,,,\n"
    )
    result = import_values(csv_bytes(text, "cp1252"), user=user)
    assert not result.has_validation_errors(), messages_of(result)
    got = dict(MeasureValue.objects.values_list("measure__code", "value"))
    assert got == {"caseload": Decimal("14.8"), "pct": Decimal("45")}
    assert MeasureValue.objects.get(measure__code="caseload").note == "fine"


@pytest.mark.parametrize(
    ("raw", "month"),
    [
        ("Apr-16", dt.date(2016, 4, 1)),
        ("2016-04", dt.date(2016, 4, 1)),
        ("April 2016", dt.date(2016, 4, 1)),
        ("01/04/2016", dt.date(2016, 4, 1)),
        ("42461", dt.date(2016, 4, 1)),
        (dt.datetime(2016, 4, 1), dt.date(2016, 4, 1)),  # noqa: DTZ001 - Excel cells hold naive datetimes
    ],
)
def test_it_reads_months_as_officers_write_them(raw, month):
    assert parse_month(raw) == month


def test_it_reads_excel_date_cells_and_percent_cells(measures, user):
    data = xlsx_bytes(
        [
            ["Measure", "Month", "Value (%)"],
            ["rereferrals", dt.datetime(2016, 4, 1), 0.193],  # noqa: DTZ001 - Excel cells hold naive datetimes
            [None, None, None],
        ],
        formats={"B2": "mmm-yy", "C2": "0.0%"},
    )
    result = import_values(data, user=user)
    assert not result.has_validation_errors(), messages_of(result)
    value = MeasureValue.objects.get()
    assert (value.period, value.value) == (dt.date(2016, 4, 1), Decimal("19.3"))


def test_one_bad_row_writes_nothing_and_names_row_column_and_problem(measures, user):
    text = GOOD + "rereferrals,May-16,104,,\n"
    result = import_values(csv_bytes(text), user=user)
    assert result.has_validation_errors()
    assert MeasureValue.objects.count() == 0
    assert MeasureValue.history.count() == 0
    (message,) = messages_of(result)
    assert message.startswith("Row 4, column “value”:")
    assert "rereferrals (Re-referrals within 12 months), May 2016" in message
    assert "between 0 and 100" in message


def test_it_refuses_a_measure_and_month_twice_in_one_file(measures, user):
    text = GOOD + "Re-referrals within 12 months,April 2016,20,,\n"
    result = import_values(csv_bytes(text), user=user)
    assert any("earlier in this batch" in m for m in messages_of(result))
    assert MeasureValue.objects.count() == 0


def test_it_refuses_a_month_that_already_has_a_value(measures, user):
    MeasureValueFactory(measure=measures[0], period=dt.date(2016, 4, 1), value=Decimal("19.3"))
    result = import_values(csv_bytes(GOOD), user=user)
    assert any("already a value for April 2016" in m for m in messages_of(result))
    assert MeasureValue.objects.count() == 1


def test_it_reports_bad_cells_on_their_row_and_column(measures, user):
    text = "Measure,Month,Value\nnobody,Apr-16,1\ncin,Smarch,2\ncin,May-16,lots\n"
    result = import_values(csv_bytes(text), user=user)
    found = messages_of(result)
    assert "Row 2, column “Measure”: no measure has the code or name “nobody”." in found
    assert any(m.startswith("Row 3, column “Month”: “Smarch” is not a month") for m in found)
    assert "Row 4, column “Value”: “lots” is not a number." in found
    assert MeasureValue.objects.count() == 0


def test_model_validation_is_on(measures, user):
    # The library leaves clean_model_instances off; ours runs the model's clean() on every row.
    from django.core.exceptions import ValidationError

    refusal = ValidationError({"note": "refused by the model"})
    with mock.patch.object(MeasureValue, "clean", side_effect=refusal):
        result = import_values(csv_bytes(GOOD), user=user)
    assert any("refused by the model" in m for m in messages_of(result))
    assert MeasureValue.objects.count() == 0


# Refusals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF, not a spreadsheet"),
        (b"", "The file is empty"),
        (b"\r\n\r\n", "The file is empty"),
        (b"\xef\xbb\xbf", "The file is empty"),
        (b"measure,month,value\r\n", "no values under them"),
        (b"colour,size\r\nred,2\r\n", "it has no measure, month, value column"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel (.xls)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a CSV or Excel workbook"),
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim(measures, user, data, says):
    with pytest.raises(ImportRefused, match=re.escape(says)):
        import_values(data, user=user)
    assert MeasureValue.objects.count() == 0


def test_it_refuses_a_spreadsheet_with_formulas(measures, user):
    data = xlsx_bytes([["measure", "month", "value"], ["cin", "Apr-16", "=SUM(1,2)"]])
    with pytest.raises(ImportRefused, match="formula in cell C2"):
        import_values(data, user=user)
    assert MeasureValue.objects.count() == 0


def test_it_refuses_a_50mb_file_without_reading_it(settings):
    settings.IMPORT_MAX_BYTES = 10 * 1024 * 1024
    upload = mock.Mock(size=50 * 1024 * 1024)
    says = re.escape("The file is 50.0 MB; the largest that can be imported is 10.0 MB")
    with pytest.raises(ImportRefused, match=says):
        read_upload(upload)
    upload.chunks.assert_not_called()
    upload.read.assert_not_called()


def test_read_values_file_checks_the_size_too(settings):
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(ImportRefused, match="largest that can be imported"):
        read_values_file(GOOD.encode())


# The admin ---------------------------------------------------------------------------------------


def upload(data: bytes, name: str = "values.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def preview(client, data: bytes, name: str = "values.csv"):
    return client.post(IMPORT_URL, {"import_file": upload(data, name), "format": "0"})


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(CONFIRM_URL, {name: form[name].value() for name in form.fields})


def test_admin_preview_writes_nothing_and_confirm_imports(client, measures, user):
    client.force_login(user)
    response = preview(client, csv_bytes(GOOD))
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert b"2 new values will be saved as drafts" in response.content
    assert MeasureValue.objects.count() == 0
    response = confirm(client, response)
    assert response.status_code == 302
    assert MeasureValue.objects.filter(entered_by=user, status=ValueStatus.DRAFT).count() == 2
    assert MeasureValue.history.count() == 2


def test_admin_shows_each_rows_problem_and_offers_no_confirm(client, measures, user):
    client.force_login(user)
    response = preview(client, csv_bytes(GOOD + "cin,Jun-16,-3,,\n"))
    assert "confirm_form" not in response.context
    assert "Row 4, column “value”" in response.content.decode()
    assert MeasureValue.objects.count() == 0


def test_admin_confirm_rolls_back_when_a_row_fails_at_confirm(client, measures, user):
    # The library's trap: its confirm step commits the rows that passed unless told to roll
    # back on validation errors. Here the file was fine at preview; by confirm, another officer
    # has entered April's re-referrals, so row 2 fails and row 3 must not be written either.
    client.force_login(user)
    response = preview(client, csv_bytes(GOOD))
    MeasureValueFactory(measure=measures[0], period=dt.date(2016, 4, 1), value=Decimal("19.3"))
    confirm(client, response)
    assert not MeasureValue.objects.filter(measure=measures[1]).exists()


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"%PDF-1.4 fake", "values.csv", "is a PDF"),
        (b"", "values.csv", "The submitted file is empty"),
        (b"\r\n,,\r\n", "values.csv", "The file is empty"),
    ],
)
def test_admin_refuses_bad_files_with_their_reason(client, measures, user, data, name, says):
    client.force_login(user)
    response = preview(client, data, name)
    assert says in response.content.decode()
    assert MeasureValue.objects.count() == 0


def test_admin_refuses_a_formula_workbook(client, measures, user):
    client.force_login(user)
    data = xlsx_bytes([["measure", "month", "value"], ["cin", "Apr-16", "=1+1"]])
    response = preview(client, data, "values.xlsx")
    assert "Formulas are not imported" in response.content.decode()
    assert MeasureValue.objects.count() == 0


def test_admin_refuses_an_oversized_file_by_its_size(client, measures, user, settings):
    settings.IMPORT_MAX_BYTES = 100
    client.force_login(user)
    response = preview(client, csv_bytes(GOOD * 5))
    assert "the largest that can be imported is" in response.content.decode()
    assert MeasureValue.objects.count() == 0


def _many_rows(count: int) -> bytes:
    lines = ["measure,month,value"]
    for i in range(count):
        year, month = divmod(2000 * 12 + i, 12)
        lines.append(f"cin,{year}-{month + 1:02d},{i}")
    return csv_bytes("\n".join(lines) + "\n")


def test_the_preview_and_confirm_are_cheap_whatever_the_size(
    client, measures, user, django_assert_max_num_queries
):
    # The preview runs the import once and the confirm runs it again: each run validates from
    # a few preloading queries and the preview writes nothing, so queries do not grow with rows.
    client.force_login(user)
    with django_assert_max_num_queries(20):
        response = preview(client, _many_rows(190))
    assert MeasureValue.objects.count() == 0
    with django_assert_max_num_queries(30):
        confirm(client, response)
    assert MeasureValue.objects.count() == 190
    assert MeasureValue.history.count() == 190
