"""Officers' entry in the admin: the month grid, the one-value form and the workflow actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from performance.entry import problems as entry_module
from performance.models import MeasureValue, Unit, ValueStatus
from tests.factories import MeasureFactory, MeasureValueFactory, TargetFactory

pytestmark = pytest.mark.django_db

APRIL = dt.date(2016, 4, 1)
MARCH = dt.date(2016, 3, 1)
GRID = reverse("admin:performance_measurevalue_month")
CHANGELIST = reverse("admin:performance_measurevalue_changelist")


@pytest.fixture
def measures():
    ratio = MeasureFactory(code="re-referrals", name="Re-referrals", basis="percentage")
    count = MeasureFactory(code="cla", name="Children looked after", unit=Unit.COUNT, basis="position")
    TargetFactory(measure=ratio, value=Decimal("22"))
    MeasureValueFactory(measure=ratio, period=MARCH, value=Decimal("23.5"))
    return ratio, count


def _grid_url(month=APRIL):
    return f"{GRID}?month={month:%Y-%m}"


def _post(client, data, month=APRIL):
    return client.post(_grid_url(month), data)


def test_the_grid_shows_every_active_measure_with_last_month_and_the_target(client, officer, measures):
    MeasureFactory(name="Retired measure", active=False)
    client.force_login(officer)
    page = client.get(_grid_url()).content.decode()
    assert "Re-referrals" in page
    assert "Children looked after" in page
    assert "Retired measure" not in page
    assert "23.5" in page  # March's value beside April's box
    assert "22.0% ± 5.0%" in page  # the target and tolerance, in the measure's format
    ratio, count = measures
    assert f'name="m-{ratio.id}-numerator"' in page
    assert f'name="m-{count.id}-numerator"' not in page


def test_the_grid_opens_on_the_month_after_the_latest_approved_one_whatever_the_date(
    client, officer, measures
):
    client.force_login(officer)
    page = client.get(GRID).content.decode()
    assert "Enter a month: April 2016" in page  # March 2016 is the latest approved month


def test_the_grid_saves_all_boxes_as_drafts_in_one_go(client, officer, measures):
    ratio, count = measures
    client.force_login(officer)
    response = _post(
        client,
        {
            f"m-{ratio.id}-value": "25",
            f"m-{ratio.id}-numerator": "25",
            f"m-{ratio.id}-denominator": "100",
            f"m-{count.id}-value": "1,900".replace(",", ""),
        },
    )
    assert response.status_code == 302
    saved = {v.measure_id: v for v in MeasureValue.objects.filter(period=APRIL)}
    assert saved[ratio.id].value == Decimal("25")
    assert saved[ratio.id].denominator == Decimal("100")
    assert saved[count.id].status == ValueStatus.DRAFT
    assert saved[count.id].entered_by == officer
    assert saved[count.id].history.first().history_user == officer


def test_one_bad_box_saves_nothing_and_names_measure_month_and_field(client, officer, measures):
    ratio, count = measures
    client.force_login(officer)
    response = _post(client, {f"m-{ratio.id}-value": "140", f"m-{count.id}-value": "12"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Re-referrals" in page
    assert "April 2016" in page
    assert MeasureValue.objects.filter(period=APRIL).count() == 0


def test_save_and_submit_sends_the_month_for_approval(client, officer, measures):
    _, count = measures
    client.force_login(officer)
    _post(client, {f"m-{count.id}-value": "1900", "_submit": "1"})
    assert MeasureValue.objects.get(period=APRIL).status == ValueStatus.SUBMITTED


def test_an_unusual_value_asks_for_a_reason_beside_its_box_and_keeps_it(
    client, officer, measures, monkeypatch
):
    _ratio, count = measures

    def check(self, measure, month, value, numerator=None, denominator=None, *, instance_pk=None, reason=""):
        if measure.code == "cla" and value > 5000 and not reason:
            return [entry_module.Problem("value", "cla Children looked after, April 2016: unusual", True)]
        return []

    monkeypatch.setattr(entry_module.ValueValidator, "check", check)
    client.force_login(officer)
    page = _post(client, {f"m-{count.id}-value": "9000"}).content.decode()
    assert f'name="m-{count.id}-outlier_reason"' in page
    assert "say why in the reason box" in page
    assert not MeasureValue.objects.filter(period=APRIL).exists()
    _post(client, {f"m-{count.id}-value": "9000", f"m-{count.id}-outlier_reason": "A sibling group of 40"})
    assert MeasureValue.objects.get(period=APRIL).outlier_reason == "A sibling group of 40"


def test_a_grid_opened_before_anothers_save_is_refused_naming_them(client, officer, approver, measures):
    _ratio, count = measures
    value = MeasureValueFactory(
        measure=count, period=APRIL, status="draft", approved_at=None, value=Decimal("5")
    )
    client.force_login(approver)
    _post(client, {f"m-{count.id}-value": "6", f"m-{count.id}-opened_version": "1"})
    client.force_login(officer)
    response = _post(client, {f"m-{count.id}-value": "7", f"m-{count.id}-opened_version": "1"})
    assert response.status_code == 200
    assert "was changed by approver" in response.content.decode()
    value.refresh_from_db()
    assert (value.value, value.version) == (Decimal("6"), 2)


def test_approved_values_are_read_only_in_the_grid(client, officer, measures):
    ratio, _ = measures
    MeasureValueFactory(measure=ratio, period=APRIL, value=Decimal("20"))
    client.force_login(officer)
    _post(client, {f"m-{ratio.id}-value": "21"})
    assert MeasureValue.objects.get(period=APRIL).value == Decimal("20")


def test_the_grid_reads_in_a_fixed_number_of_queries(client, officer, django_assert_max_num_queries):
    for i in range(25):
        m = MeasureFactory(basis="percentage" if i % 2 else "position")
        TargetFactory(measure=m)
        MeasureValueFactory(measure=m, period=MARCH)
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        assert client.get(_grid_url()).status_code == 200


def test_the_grid_saves_25_measures_in_a_fixed_number_of_queries(
    client, officer, django_assert_max_num_queries
):
    measures = [MeasureFactory(unit=Unit.COUNT) for _ in range(25)]
    drafts = {
        m.id: MeasureValueFactory(measure=m, period=APRIL, status="draft", approved_at=None)
        for m in measures[:10]
    }
    client.force_login(officer)
    data = {f"m-{m.id}-value": "7" for m in measures}
    data.update({f"m-{mid}-opened_version": str(v.version) for mid, v in drafts.items()})
    data["_submit"] = "1"
    with django_assert_max_num_queries(30):
        assert _post(client, data).status_code == 302
    assert MeasureValue.objects.filter(period=APRIL, status=ValueStatus.SUBMITTED).count() == 25


def test_a_viewer_cannot_open_the_grid(client, councillor):
    client.force_login(councillor)
    assert client.get(GRID).status_code == 403


# --- one value at a time -------------------------------------------------------------------------


def _change_url(value):
    return reverse("admin:performance_measurevalue_change", args=[value.pk])


def _form(stored, **changes):
    data = {
        "value": str(stored.value),
        "numerator": "",
        "denominator": "",
        "note": stored.note,
        "outlier_reason": stored.outlier_reason,
        "opened_version": str(stored.version),
        "change_note": "",
    }
    data.update(changes)
    return data


def test_the_one_value_form_uses_the_same_validation(client, officer):
    measure = MeasureFactory(name="Assessments on time")
    client.force_login(officer)
    response = client.post(
        reverse("admin:performance_measurevalue_add"),
        {
            "measure": measure.pk,
            "period": "2016-04-01",
            "value": "101",
            "opened_version": "",
            "change_note": "",
        },
    )
    assert response.status_code == 200
    assert "Assessments on time" in response.content.decode()
    assert not MeasureValue.objects.exists()


def test_the_one_value_form_refuses_a_stale_version_naming_who_changed_it(client, officer, approver):
    value = MeasureValueFactory(status="draft", approved_at=None)
    client.force_login(approver)
    assert client.post(_change_url(value), _form(value, value="51")).status_code == 302
    client.force_login(officer)
    response = client.post(_change_url(value), _form(value, value="52"))
    assert response.status_code == 200
    assert "was changed by approver" in response.content.decode()
    value.refresh_from_db()
    assert value.value == Decimal("51")


def test_a_race_lost_after_the_form_check_is_refused_with_a_message_not_a_500(client, officer, monkeypatch):
    value = MeasureValueFactory(status="draft", approved_at=None)
    client.force_login(officer)
    from core import versioned_admin

    real_clean = versioned_admin.VersionedForm.clean

    def clean_then_lose_the_race(self):
        cleaned = real_clean(self)
        MeasureValue.objects.filter(pk=value.pk).update(version=2)  # another save lands now
        return cleaned

    monkeypatch.setattr(versioned_admin.VersionedForm, "clean", clean_then_lose_the_race)
    response = client.post(_change_url(value), _form(value, value="52"), follow=True)
    assert response.status_code == 200
    assert "Your changes were not saved" in response.content.decode()
    assert MeasureValue.objects.get(pk=value.pk).value == Decimal("50")


def test_changing_an_approved_value_in_the_form_needs_a_reason_and_resubmits_it(client, officer):
    value = MeasureValueFactory()
    client.force_login(officer)
    response = client.post(_change_url(value), _form(value, value="49"))
    assert response.status_code == 200
    assert "say why you are changing it" in response.content.decode()
    client.post(_change_url(value), _form(value, value="49", change_note="Late recording"))
    value.refresh_from_db()
    assert (value.value, value.status, value.change_reason) == (Decimal("49"), "submitted", "Late recording")


# --- workflow actions ----------------------------------------------------------------------------


def _act(client, action, values, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [v.pk for v in values], **extra}
    return client.post(CHANGELIST, data, follow=True)


def test_the_approve_action_refuses_the_approvers_own_entry_with_a_message(client, approver, officer):
    mine = MeasureValueFactory(status="submitted", approved_at=None, entered_by=approver)
    theirs = MeasureValueFactory(status="submitted", approved_at=None, entered_by=officer)
    client.force_login(approver)
    page = _act(client, "approve_selected", [mine, theirs]).content.decode()
    assert "1 value(s) approved." in page
    assert "another approver must approve it" in page
    assert MeasureValue.objects.get(pk=theirs.pk).status == "approved"
    assert MeasureValue.objects.get(pk=mine.pk).status == "submitted"


def test_approving_an_unusual_value_asks_once_more_showing_the_month_before_the_target_and_reason(
    client, approver, officer, measures
):
    ratio, _count = measures
    MeasureValue.objects.filter(measure=ratio, period=MARCH).update(status="approved")
    spike = MeasureValueFactory(
        measure=ratio,
        period=APRIL,
        value=Decimal("34.1"),
        status="submitted",
        approved_at=None,
        entered_by=officer,
        outlier_reason="A one-off audit of closed cases",
    )
    client.force_login(approver)
    page = _act(client, "approve_selected", [spike]).content.decode()
    assert "Unusual value: 1 of the 1 selected" in page
    assert "A one-off audit of closed cases" in page
    assert "23.5% (Mar 2016)" in page
    assert "22.0%" in page
    assert MeasureValue.objects.get(pk=spike.pk).status == "submitted"
    page = _act(client, "approve_selected", [spike], confirm_approve="1").content.decode()
    assert "1 value(s) approved." in page
    assert MeasureValue.objects.get(pk=spike.pk).status == "approved"


def test_the_approvers_list_shows_the_previous_month_the_target_and_the_reason(
    client, approver, officer, measures
):
    ratio, _count = measures
    MeasureValueFactory(
        measure=ratio,
        period=APRIL,
        value=Decimal("24.04"),
        status="submitted",
        entered_by=officer,
        outlier_reason="Late",
    )
    client.force_login(approver)
    page = client.get(CHANGELIST, {"status__exact": "submitted"}).content.decode()
    assert "24.0%" in page
    assert "23.5% (Mar 2016)" in page
    assert "22.0%" in page
    assert "Late" in page


def test_the_return_action_asks_for_a_reason_then_returns(client, approver, officer):
    value = MeasureValueFactory(status="submitted", approved_at=None, entered_by=officer)
    client.force_login(approver)
    page = _act(client, "return_selected", [value]).content.decode()
    assert "Why are these values returned?" in page
    _act(client, "return_selected", [value], confirm_return="1", reason="Wrong month")
    value.refresh_from_db()
    assert (value.status, value.return_reason) == ("returned", "Wrong month")


def test_officers_are_not_offered_the_approve_action(client, officer):
    MeasureValueFactory()
    client.force_login(officer)
    page = client.get(CHANGELIST).content.decode()
    assert "submit_selected" in page
    assert "approve_selected" not in page


def test_the_one_value_form_adds_a_draft_entered_by_the_officer(client, officer):
    measure = MeasureFactory(name="Assessments on time")
    client.force_login(officer)
    response = client.post(
        reverse("admin:performance_measurevalue_add"),
        {
            "measure": measure.pk,
            "period": "2016-04-01",
            "value": "88.5",
            "opened_version": "",
            "change_note": "",
        },
    )
    assert response.status_code == 302
    value = MeasureValue.objects.get()
    assert (value.value, value.status, value.entered_by) == (Decimal("88.5"), "draft", officer)
    assert value.history.get().history_user == officer
