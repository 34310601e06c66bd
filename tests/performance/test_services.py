"""The monthly value workflow: save, submit, approve, return, change an approved value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from performance.entry import services
from performance.entry.services import Entry
from performance.measures import selectors
from performance.models import MeasureValue, ValueStatus
from tests.factories import CouncilReportFactory, MeasureFactory, MeasureValueFactory

pytestmark = pytest.mark.django_db

APRIL = dt.date(2016, 4, 1)


@pytest.fixture
def measure():
    return MeasureFactory(code="re-referrals", name="Re-referrals")


def _draft(measure, user, value="40"):
    return services.value_save(measure=measure, period=APRIL, entry=Entry(Decimal(value)), user=user)


def test_a_new_value_is_a_draft_entered_by_the_officer(measure, officer):
    value = _draft(measure, officer)
    assert value.status == ValueStatus.DRAFT
    assert value.entered_by == officer
    assert value.version == 1


def test_the_officer_submits_and_another_approver_approves(measure, officer, approver):
    value = services.value_submit(value=_draft(measure, officer), user=officer)
    assert value.status == ValueStatus.SUBMITTED
    value = services.value_approve(value=value, user=approver)
    assert value.status == ValueStatus.APPROVED
    assert value.approved_by == approver
    assert value.approved_at is not None
    assert value.version == 3


def test_an_approver_cannot_approve_their_own_entry(measure, approver):
    value = services.value_submit(value=_draft(measure, approver), user=approver)
    with pytest.raises(PermissionDenied, match="you entered this value, so another approver must approve it"):
        services.value_approve(value=value, user=approver)
    assert MeasureValue.objects.get().status == ValueStatus.SUBMITTED


def test_an_officer_cannot_approve(measure, officer, approver):
    value = services.value_submit(value=_draft(measure, approver), user=approver)
    with pytest.raises(PermissionDenied):
        services.value_approve(value=value, user=officer)


def test_a_viewer_cannot_enter_or_submit(measure, councillor, officer):
    with pytest.raises(PermissionDenied):
        _draft(measure, councillor)
    with pytest.raises(PermissionDenied):
        services.value_submit(value=_draft(measure, officer), user=councillor)


def test_a_draft_cannot_be_approved_before_it_is_submitted(measure, officer, approver):
    with pytest.raises(
        ValidationError, match="Re-referrals, April 2016: a value that is draft cannot be approved"
    ):
        services.value_approve(value=_draft(measure, officer), user=approver)


def test_a_returned_value_keeps_the_reason_and_can_be_corrected_and_resubmitted(measure, officer, approver):
    value = services.value_submit(value=_draft(measure, officer), user=officer)
    value = services.value_return(value=value, user=approver, reason="April's referrals are double counted")
    assert value.status == ValueStatus.RETURNED
    assert value.return_reason == "April's referrals are double counted"
    assert value.history.first().history_change_reason == "Returned: April's referrals are double counted"
    value = services.value_save(
        measure=measure, period=APRIL, entry=Entry(Decimal("38")), user=officer, instance=value
    )
    assert value.status == ValueStatus.DRAFT
    value = services.value_submit(value=value, user=officer)
    value = services.value_approve(value=value, user=approver)
    assert value.return_reason == ""


def test_returning_needs_a_reason(measure, officer, approver):
    value = services.value_submit(value=_draft(measure, officer), user=officer)
    with pytest.raises(ValidationError, match="say why it is returned"):
        services.value_return(value=value, user=approver, reason="  ")
    assert MeasureValue.objects.get().status == ValueStatus.SUBMITTED


def test_only_approved_values_reach_the_councillors_selectors(measure, officer, approver):
    value = services.value_submit(value=_draft(measure, officer), user=officer)
    assert selectors.approved_values([measure.id]).of(measure.id) == []
    services.value_approve(value=value, user=approver)
    assert [p.value for p in selectors.approved_values([measure.id]).of(measure.id)] == [Decimal("40")]


def test_changing_an_approved_value_needs_a_reason(measure, officer):
    value = MeasureValueFactory(measure=measure, period=APRIL, value=Decimal("40"))
    with pytest.raises(ValidationError, match="this value is approved; say why it is being changed"):
        services.value_save(
            measure=measure, period=APRIL, entry=Entry(Decimal("41")), user=officer, instance=value
        )
    assert MeasureValue.objects.get().value == Decimal("40")


def test_changing_an_approved_value_sends_it_back_for_approval(measure, officer, approver):
    value = MeasureValueFactory(measure=measure, period=APRIL, value=Decimal("40"))
    value = services.value_save(
        measure=measure,
        period=APRIL,
        entry=Entry(Decimal("41")),
        user=officer,
        instance=value,
        reason="Late recording found",
    )
    assert value.status == ValueStatus.SUBMITTED
    assert value.change_reason == "Late recording found"
    assert value.approved_at is None
    assert selectors.approved_values([measure.id]).of(measure.id) == []
    record = value.history.first()
    assert record.history_change_reason == "Approved value changed: Late recording found"
    assert record.history_user == officer
    services.value_approve(value=value, user=approver)


def test_a_change_to_an_approved_value_names_the_published_packs(officer):
    from reports import services as report_services
    from tests.reports.builders import build_pack_data

    data = build_pack_data()
    measure = data.measures[0]
    report = CouncilReportFactory(title="Council, July 2016")
    report_services.report_publish(report=report, user=None)
    value = MeasureValue.objects.get(measure=measure, period=APRIL)

    value = services.value_change_approved(
        value=value, entry=Entry(Decimal("41")), user=officer, reason="Typo"
    )

    assert value.history.first().history_change_reason == (
        "Approved value changed: Typo (already published in: Council, July 2016)"
    )


def test_a_month_no_published_pack_shows_names_no_pack(measure):
    assert services._published_pack_titles(measure.id, APRIL, "Typo") == []


def test_saving_an_unchanged_entry_writes_nothing(measure, officer):
    value = _draft(measure, officer)
    assert (
        services.value_save(
            measure=measure, period=APRIL, entry=Entry(Decimal("40")), user=officer, instance=value
        )
        is None
    )
    assert MeasureValue.objects.get().version == 1
    assert value.history.count() == 1


def test_bulk_actions_report_each_refusal_and_do_the_rest(measure, officer, approver):
    mine = services.value_submit(value=_draft(measure, approver), user=approver)
    other = MeasureFactory()
    theirs = services.value_submit(
        value=services.value_save(measure=other, period=APRIL, entry=Entry(Decimal("3")), user=officer),
        user=officer,
    )
    outcome = services.values_apply([mine, theirs], services.value_approve, user=approver)
    assert outcome.done == 1
    assert len(outcome.refused) == 1
    assert "another approver must approve it" in outcome.refused[0]
    assert MeasureValue.objects.get(pk=theirs.pk).status == ValueStatus.APPROVED
    assert MeasureValue.objects.get(pk=mine.pk).status == ValueStatus.SUBMITTED
