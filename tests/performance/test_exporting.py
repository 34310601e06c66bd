"""Exporting monthly values with status and provenance; text a spreadsheet would run is escaped."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from import_export.formats import base_formats

from performance.importing.resources import MeasureValueExportResource
from performance.models import ValueStatus
from tests.factories import MeasureValueFactory, UserFactory

pytestmark = pytest.mark.django_db
DANGEROUS = ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd"]


def exported(fmt) -> list[list[object]]:
    data = fmt.export_data(MeasureValueExportResource().export())
    if isinstance(fmt, base_formats.XLSX):
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        return [[cell.value for cell in row] for row in sheet.iter_rows()]
    return list(csv.reader(io.StringIO(data if isinstance(data, str) else data.decode())))


@pytest.mark.parametrize("fmt", [base_formats.CSV(), base_formats.XLSX()], ids=["csv", "xlsx"])
@pytest.mark.parametrize("text", DANGEROUS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_text_a_spreadsheet_would_run_is_escaped(fmt, text):
    MeasureValueFactory(note=text)
    rows = exported(fmt)
    note = rows[0].index("note")
    assert rows[1][note] == "'" + text


@pytest.mark.parametrize("fmt", [base_formats.CSV(), base_formats.XLSX()], ids=["csv", "xlsx"])
def test_export_has_status_provenance_and_unescaped_numbers(fmt):
    MeasureValueFactory(note="fine", value=Decimal("19.3"), status=ValueStatus.APPROVED)
    header, row = exported(fmt)
    got = dict(zip(header, row, strict=True))
    assert got["status"] == "Approved"
    assert got["provenance"].startswith("Illustrative")
    assert got["note"] == "fine"
    assert got["month"] == "2016-04"


def test_admin_exports_csv(client):
    MeasureValueFactory(note="=HYPERLINK(evil)")
    client.force_login(UserFactory(username="root", is_superuser=True))
    url = reverse("admin:performance_measurevalue_export")
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({name: "on" for name in form.fields if name.startswith("measurevalueexportresource_")})
    data["format"] = "0"
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    body = response.content.decode()
    assert "'=HYPERLINK(evil)" in body
    assert "status" in body.splitlines()[0]


def test_xlsx_numbers_are_numbers():
    MeasureValueFactory(value=Decimal("19.3"))
    header, row = exported(base_formats.XLSX())
    assert float(row[header.index("value")]) == pytest.approx(19.3)
    assert not isinstance(row[header.index("value")], str)


def test_exported_values_are_rounded_to_the_measures_decimal_places():
    MeasureValueFactory(measure__decimal_places=1, value=Decimal("20.9386"))
    rows = exported(base_formats.XLSX())
    value = rows[0].index("value")
    assert rows[1][value] == pytest.approx(20.9)
