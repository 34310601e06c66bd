"""No lost updates: a save from a stale copy is refused, naming who changed the record and when."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.concurrency import StaleEdit, check_version, versioned_save
from improvement.models import Action
from performance.entry import services
from performance.entry.services import Entry
from performance.models import MeasureValue, Target
from tests.factories import ActionFactory, MeasureValueFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane():
    return UserFactory(username="jsmith", first_name="Jane", last_name="Smith")


@pytest.mark.parametrize(
    ("factory", "field", "new"),
    [
        (MeasureValueFactory, "note", "checked"),
        (TargetFactory, "value", Decimal("85")),
        (ActionFactory, "owner", "Director of Children's Services"),
    ],
)
def test_a_save_from_a_copy_loaded_before_anothers_save_is_refused(factory, field, new, jane, officer):
    record = factory()
    model = type(record)
    mine = model.objects.get(pk=record.pk)
    theirs = model.objects.get(pk=record.pk)
    setattr(theirs, field, new)
    versioned_save(theirs, user=jane, reason="Their edit")
    setattr(mine, field, new)
    with pytest.raises(StaleEdit) as refused:
        versioned_save(mine, user=officer, reason="My edit")
    message = " ".join(refused.value.messages)
    assert "was changed by Jane Smith (jsmith) at" in message
    assert "you had version 1, it is now version 2" in message
    assert "Your changes were not saved" in message
    assert model.objects.get(pk=record.pk).version == 2
    assert model.history.filter(history_change_reason="My edit").count() == 0


def test_the_form_time_check_refuses_a_version_that_is_no_longer_stored(jane):
    target = TargetFactory()
    versioned_save(Target.objects.get(pk=target.pk), user=jane, reason="Raised")
    with pytest.raises(StaleEdit, match="Jane Smith"):
        check_version(target, opened=1)
    check_version(target, opened=2)


def test_a_race_lost_after_the_form_check_is_refused_by_the_conditional_update(jane, officer):
    """Both editors pass the form-time check; the second UPDATE ... WHERE version=1 touches no row."""
    action = ActionFactory()
    first = Action.objects.get(pk=action.pk)
    second = Action.objects.get(pk=action.pk)
    check_version(first, opened=1)
    check_version(second, opened=1)
    first.status = "at_risk"
    versioned_save(first, opened=1, user=jane, reason="Slipping")
    second.status = "complete"
    second.completed_on = dt.date(2016, 6, 1)
    with pytest.raises(StaleEdit, match="Jane Smith"):
        versioned_save(second, opened=1, user=officer, reason="Done")
    stored = Action.objects.get(pk=action.pk)
    assert (stored.status, stored.version) == ("at_risk", 2)


def test_a_deleted_record_is_reported_as_deleted(officer):
    value = MeasureValueFactory()
    copy = MeasureValue.objects.get(pk=value.pk)
    value.delete()
    with pytest.raises(StaleEdit, match="was deleted after you opened it"):
        versioned_save(copy, user=officer)


def test_workflow_services_refuse_a_stale_value(officer, approver):
    value = MeasureValueFactory(status="draft", approved_at=None)
    stale = MeasureValue.objects.get(pk=value.pk)
    services.value_save(
        measure=value.measure, period=value.period, entry=Entry(Decimal("51")), user=officer, instance=value
    )
    with pytest.raises(StaleEdit):
        services.value_submit(value=stale, user=officer)
