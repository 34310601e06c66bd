"""Imports and the month grid under real concurrency and a killed worker, on PostgreSQL.

Threads each hold their own database connection, so these tests see what two officers (or a
double click) would: committed rows and row locks. Every outcome is checked against the
database: an import that says it wrote values wrote exactly those, and one that says it was
refused wrote nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import connection, connections

from core.concurrency import StaleEdit
from performance.entry.services import Entry, MonthEntry, values_save_month
from performance.importing import services
from performance.models import ImportStatus, Measure, MeasureValue, Unit, ValueImport
from tests.factories import MeasureFactory, UserFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
APRIL = dt.date(2016, 4, 1)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cin():
    return MeasureFactory(code="cin", name="Children in need", unit=Unit.COUNT, decimal_places=0)


def _file(*months: str, value: int = 1) -> bytes:
    return ("measure,month,value\r\n" + "".join(f"cin,{m},{value}\r\n" for m in months)).encode()


def _in_threads(*calls, holding: threading.Event | None = None):
    """Run each call in its own thread (and connection); return their results in order.

    With ``holding``, each call after the first starts once the first holds its locks.
    """
    results: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as error:  # the test inspects what each thread met
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
        if holding is not None:
            assert holding.wait(30)  # the first to start has taken the locks
        else:
            time.sleep(0.2)
    for thread in threads:
        thread.join(60)
    return results


def _slow_writes(monkeypatch, seconds: float = 1.0) -> threading.Event:
    """Make each confirm hold its locks a while after writing, so the other must wait; return
    an event set once the first has written (and so holds its locks)."""
    real = services._run
    holding = threading.Event()

    def slow(dataset, **kwargs):
        result = real(dataset, **kwargs)
        if not kwargs["dry_run"]:
            holding.set()
            time.sleep(seconds)
        return result

    monkeypatch.setattr(services, "_run", slow)
    return holding


def _stored() -> dict[str, Decimal]:
    return {f"{v.period:%Y-%m}": v.value for v in MeasureValue.objects.all()}


def test_preview_then_another_import_then_confirm_is_refused_and_writes_nothing(cin):
    first, other = UserFactory(is_superuser=True), UserFactory(is_superuser=True)
    preview = services.import_preview(data=_file("Apr-16", "May-16"), user=first, name="a.csv")
    services.import_values(_file("May-16", value=9), user=other)
    outcome = services.import_confirm(token=preview.stored.token, sha256=preview.stored.sha256, user=first)
    assert not outcome.ok
    assert "Children in need, May 2016" in outcome.message
    assert _stored() == {"2016-05": Decimal("9")}
    assert LogEntry.objects.count() == 0


@pytest.mark.parametrize("first_starts", ["A", "B"])
def test_two_overlapping_imports_take_turns_and_the_second_is_refused(cin, monkeypatch, first_starts):
    a_user, b_user = UserFactory(is_superuser=True), UserFactory(is_superuser=True)
    a = services.import_preview(data=_file("Apr-16", "May-16", value=1), user=a_user, name="a.csv").stored
    b = services.import_preview(data=_file("May-16", "Jun-16", value=2), user=b_user, name="b.csv").stored
    holding = _slow_writes(monkeypatch)
    confirms = {
        "A": lambda: services.import_confirm(token=a.token, sha256=a.sha256, user=a_user),
        "B": lambda: services.import_confirm(token=b.token, sha256=b.sha256, user=b_user),
    }
    order = [first_starts, "B" if first_starts == "A" else "A"]
    winner, loser = _in_threads(*(confirms[name] for name in order), holding=holding)
    assert winner.ok
    assert winner.written == 2
    assert not loser.ok
    assert "Children in need, May 2016" in loser.message
    expected = {"A": {"2016-04": 1, "2016-05": 1}, "B": {"2016-05": 2, "2016-06": 2}}[first_starts]
    assert _stored() == {month: Decimal(v) for month, v in expected.items()}
    assert LogEntry.objects.count() == 2
    statuses = dict(ValueImport.objects.values_list("file_name", "status"))
    assert statuses[f"{first_starts.lower()}.csv"] == ImportStatus.IMPORTED
    assert statuses[f"{order[1].lower()}.csv"] == ImportStatus.REFUSED


def test_a_double_confirm_at_the_same_moment_imports_once(cin, monkeypatch):
    user = UserFactory(is_superuser=True)
    stored = services.import_preview(data=_file("Apr-16", "May-16"), user=user, name="a.csv").stored
    holding = _slow_writes(monkeypatch)
    first, second = _in_threads(
        lambda: services.import_confirm(token=stored.token, sha256=stored.sha256, user=user),
        lambda: services.import_confirm(token=stored.token, sha256=stored.sha256, user=user),
        holding=holding,
    )
    assert first.ok
    assert first.written == 2
    assert not second.ok
    assert "was already imported" in second.message
    assert MeasureValue.objects.count() == 2
    assert LogEntry.objects.count() == 2


def test_two_officers_filling_the_same_empty_box_one_wins_the_other_is_told(cin, monkeypatch):
    officers = (
        UserFactory(username="first", is_superuser=True),
        UserFactory(username="second", is_superuser=True),
    )
    ready = threading.Barrier(2)

    def save(user, value):
        measure = Measure.objects.get(pk=cin.pk)
        ready.wait(10)  # both read the box as empty before either writes
        return values_save_month(month=APRIL, entries=[MonthEntry(measure, Entry(Decimal(value)))], user=user)

    results = _in_threads(lambda: save(officers[0], "5"), lambda: save(officers[1], "7"))
    saved = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, StaleEdit)]
    assert len(saved) == 1, results
    assert len(refused) == 1, results
    winner = "first" if results[0] is saved[0] else "second"
    assert f"was entered by {winner}" in " ".join(refused[0].messages)
    assert _stored() == {"2016-04": Decimal("5" if winner == "first" else "7")}


WORKER = """
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from performance.importing import services

def written_then_stall(*args, **kwargs):
    print("written", flush=True)
    time.sleep(60)

LogEntry.objects.log_actions = written_then_stall
user = get_user_model().objects.get(pk=int(sys.argv[1]))
services.import_confirm(token=sys.argv[2], sha256=sys.argv[3], user=user)
"""


def test_a_worker_killed_mid_import_leaves_nothing_half_written(cin):
    user = UserFactory(is_superuser=True)
    stored = services.import_preview(
        data=_file(*(f"2016-{m:02d}" for m in range(1, 13))), user=user, name="year.csv"
    ).stored
    test_db = connection.settings_dict["NAME"]
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{test_db}"}
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(user.pk), str(stored.token), stored.sha256],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout.readline().strip() == "written"  # values inserted, not committed
        assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    assert MeasureValue.objects.count() == 0
    assert MeasureValue.history.count() == 0
    assert LogEntry.objects.count() == 0
    assert ValueImport.objects.get(pk=stored.pk).status == ImportStatus.PREVIEWED
    again = services.import_confirm(token=stored.token, sha256=stored.sha256, user=user)
    assert again.ok
    assert again.written == 12
    assert MeasureValue.objects.count() == 12
