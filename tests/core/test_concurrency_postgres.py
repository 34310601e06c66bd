"""A real race on PostgreSQL: two connections save the same value from the same version."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from core.concurrency import StaleEdit, versioned_save
from performance.models import MeasureValue
from tests.factories import MeasureValueFactory, UserFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")


def test_the_second_of_two_simultaneous_saves_waits_for_the_first_and_is_refused():
    value = MeasureValueFactory(status="draft", approved_at=None)
    first_user, second_user = UserFactory(username="first"), UserFactory(username="second")
    claimed, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                mine = MeasureValue.objects.get(pk=value.pk)
                mine.value = Decimal("60")
                versioned_save(mine, opened=1, user=first_user, reason="First")
                claimed.set()
                release.wait(timeout=10)  # hold the row lock while the second save arrives
            outcome["first"] = "saved"
        finally:
            connections.close_all()

    def second() -> None:
        try:
            claimed.wait(timeout=10)
            theirs = MeasureValue.objects.get(pk=value.pk)  # reads version 1: the first has not committed
            outcome["second_read"] = theirs.version
            theirs.value = Decimal("70")
            release.set()
            try:
                versioned_save(theirs, opened=1, user=second_user, reason="Second")
                outcome["second"] = "saved"
            except StaleEdit as refused:
                outcome["second"] = " ".join(refused.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome["first"] == "saved"
    assert outcome["second_read"] == 1
    assert "was changed by first" in outcome["second"]
    stored = MeasureValue.objects.get(pk=value.pk)
    assert (stored.value, stored.version) == (Decimal("60"), 2)
    assert MeasureValue.history.filter(id=value.pk, history_change_reason="Second").count() == 0
