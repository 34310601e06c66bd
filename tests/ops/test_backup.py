"""backup then restore into an empty database gives the same rows, history and users included."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from core import roles
from core.backup import EXCLUDED, rows_in_use
from tests import factories as f
from tests.ops.helpers import run_django

pytestmark = pytest.mark.django_db


def _dump() -> list[dict]:
    out = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, stdout=out, verbosity=0)
    return sorted(json.loads(out.getvalue()), key=lambda o: (o["model"], str(o["pk"])))


@pytest.fixture
def some_of_everything():
    officer = f.UserFactory(username="officer")
    officer.groups.set([Group.objects.get(name=roles.OFFICER)])
    measure = f.MeasureFactory()
    value = f.MeasureValueFactory(measure=measure, period=dt.date(2016, 4, 1), value=Decimal("19.3"))
    value.value = Decimal("19.4")
    value.save()  # a second history row
    f.TargetFactory(measure=measure)
    f.TimelineEventFactory()
    f.ActionFactory()
    appraisal = f.AppraisalFactory()
    f.ScoreFactory(
        option=f.OptionFactory(appraisal=appraisal), criterion=f.CriterionFactory(appraisal=appraisal)
    )
    LogEntry.objects.log_actions(officer.pk, [measure], CHANGE, change_message="Edited")
    AccessAttempt.objects.create(username="mallory", ip_address="203.0.113.5", failures_since_start=2)


def test_a_backup_restored_into_an_emptied_database_gives_the_same_rows(some_of_everything, tmp_path):
    before, counts = _dump(), rows_in_use()
    assert counts["performance.historicalmeasurevalue"] == 2
    assert counts["auth.user"] == 1
    path = tmp_path / "dashboard.json.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    if connection.vendor == "postgresql":  # check deferred foreign keys now, so TRUNCATE may run
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert rows_in_use() == {}
    call_command("restore", str(path), stdout=io.StringIO())
    assert rows_in_use() == counts
    assert _dump() == before


def test_a_backup_restored_into_a_new_database_elsewhere_gives_the_same_rows(some_of_everything, tmp_path):
    before = _dump()
    path = tmp_path / "dashboard.json.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    env = {
        "DJANGO_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "LOG_LEVEL": "ERROR",
    }
    for command in (["migrate", "--no-input"], ["restore", str(path)]):
        result = run_django([sys.executable, "manage.py", *command], env)
        assert result.returncode == 0, result.stderr[-2000:]
    args = ["dumpdata", "--natural-foreign", *[f"--exclude={e}" for e in EXCLUDED]]
    result = run_django([sys.executable, "manage.py", *args], env)
    assert sorted(json.loads(result.stdout), key=lambda o: (o["model"], str(o["pk"]))) == before


def test_restore_refuses_a_database_that_holds_data(some_of_everything, tmp_path):
    path = tmp_path / "dashboard.json.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(path), stdout=io.StringIO())


def test_a_backup_must_be_a_gzipped_json_file(tmp_path):
    with pytest.raises(CommandError, match=r"must end in \.json\.gz"):
        call_command("backup", str(tmp_path / "dump.sql"))
