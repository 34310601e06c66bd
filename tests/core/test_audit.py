"""The audit record: who, when, before, after and the reason, for values, targets and actions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard import audit
from improvement.models import Action
from performance.entry import services
from performance.entry.services import Entry
from performance.models import Target
from tests.factories import ActionFactory, MeasureFactory, MeasureValueFactory, TargetFactory

pytestmark = pytest.mark.django_db

AUDIT = reverse("audit")


def _target_form(target, **changes):
    data = {
        "measure": target.measure_id,
        "value": str(target.value),
        "tolerance": str(target.tolerance),
        "basis": target.basis,
        "valid_from": target.valid_from.isoformat(),
        "valid_to": "",
        "provenance": target.provenance,
        "note": target.note,
        "opened_version": str(target.version),
        "change_note": "",
    }
    data.update(changes)
    return data


def test_a_target_changed_in_the_admin_records_who_when_before_after_and_why(client, superuser):
    target = TargetFactory(value=Decimal("80"))
    client.force_login(superuser)
    url = reverse("admin:performance_target_change", args=[target.pk])
    refused = client.post(url, _target_form(target, value="85"))
    assert "say why you are changing it" in refused.content.decode()
    before = timezone.now()
    response = client.post(url, _target_form(target, value="85", change_note="Raised by the Board"))
    assert response.status_code == 302
    record = Target.history.filter(id=target.pk).first()
    assert record.history_user == superuser
    assert record.history_date >= before
    assert record.history_change_reason == "Raised by the Board"
    [row] = [r for r in audit.audit_rows(["target"]) if r.change == "Changed"]
    assert (row.field, row.before, row.after, row.who) == ("Value", "80.0000", "85.0000", "root")
    assert row.reason == "Raised by the Board"


def test_an_action_changed_in_the_admin_is_audited(client, superuser):
    action = ActionFactory(owner="Director")
    client.force_login(superuser)
    url = reverse("admin:improvement_action_change", args=[action.pk])
    data = {
        "code": action.code,
        "theme": action.theme_id,
        "title": action.title,
        "description": "",
        "owner": "Assistant Director",
        "due_date": "",
        "completed_on": "",
        "completed_precision": "day",
        "status": action.status,
        "provenance": action.provenance,
        "source": "",
        "order": "0",
        "opened_version": "1",
        "change_note": "New structure",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Action.objects.get(pk=action.pk).version == 2
    [row] = [r for r in audit.audit_rows(["action"]) if r.change == "Changed"]
    assert (row.field, row.before, row.after, row.reason, row.who) == (
        "Owner",
        "Director",
        "Assistant Director",
        "New structure",
        "root",
    )


def test_each_step_of_a_values_life_is_audited(officer, approver):
    measure = MeasureFactory(code="cin", name="Children in need")
    value = services.value_save(
        measure=measure, period=dt.date(2016, 4, 1), entry=Entry(Decimal("40")), user=officer
    )
    value = services.value_submit(value=value, user=officer)
    value = services.value_approve(value=value, user=approver)
    services.value_change_approved(value=value, entry=Entry(Decimal("42")), user=officer, reason="Late cases")
    rows = list(audit.audit_rows(["value"]))
    changes = [(r.who, r.field, r.before, r.after, r.reason) for r in rows if r.field in {"Status", "Value"}]
    assert ("officer", "Status", "draft", "submitted", "Submitted for approval") in changes
    assert ("approver", "Status", "submitted", "approved", "Approved") in changes
    assert ("officer", "Value", "40.0000", "42.0000", "Approved value changed: Late cases") in changes
    assert rows[0].record == "cin Apr 2016"
    assert all(r.when is not None for r in rows)


def test_the_audit_page_filters_and_exports_csv(client, approver):
    TargetFactory()
    MeasureValueFactory(note="=HYPERLINK(evil)")
    client.force_login(approver)
    page = client.get(AUDIT, {"kind": "target"}).content.decode()
    assert "Target" in page
    assert "target from" in page
    response = client.get(AUDIT, {"kind": "value", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == audit.CSV_HEADER
    assert {r[2] for r in rows[1:]} == {"measure value"}
    note = next(row for row in rows[1:] if row[5] == "Note")
    assert note[5:8] == ["Note", "", "'=HYPERLINK(evil)"]


def test_the_date_filter_leaves_out_changes_outside_the_dates(client, approver):
    TargetFactory()
    client.force_login(approver)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.get(AUDIT, {"since": tomorrow.isoformat(), "format": "csv"})
    assert len(list(csv.reader(io.StringIO(response.content.decode())))) == 1


def test_the_audit_reads_in_a_fixed_number_of_queries(client, approver, django_assert_max_num_queries):
    for _ in range(20):
        MeasureValueFactory(measure=MeasureFactory())
        TargetFactory()
    client.force_login(approver)
    with django_assert_max_num_queries(14):
        client.get(AUDIT)


def test_a_councillor_cannot_see_the_audit(client, councillor):
    client.force_login(councillor)
    assert client.get(AUDIT).status_code == 403


def test_the_history_page_shows_each_change_before_and_after_with_its_reason(client, officer, approver):
    value = MeasureValueFactory(status="draft", approved_at=None, entered_by=officer)
    services.value_submit(value=value, user=officer)
    client.force_login(approver)
    page = client.get(reverse("admin:performance_measurevalue_history", args=[value.pk])).content.decode()
    assert "Submitted for approval" in page
    assert re.search(r"<strong>Status:</strong>\s*draft\s*&nbsp;&rarr;&nbsp;&nbsp;submitted", page)
    assert "officer" in page
