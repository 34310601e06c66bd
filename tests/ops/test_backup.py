"""backup then restore into a new database gives the same rows in every table (history, users,
groups and their permissions, report snapshots) and the same stored files, on SQLite and on
PostgreSQL; the 25 x 20-year data set restores too."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from core import roles
from core.backup import BackupError, backed_up_models, backup, restore, rows_in_use
from reports.models import ReportFile, ReportSnapshot, ReportStatus
from tests import factories as f
from tests.ops.helpers import run_django

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7 a stored pack\n" + bytes(range(256))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def some_of_everything():
    officer = f.UserFactory(username="officer")
    officer.groups.set([Group.objects.get(name=roles.OFFICER)])
    officer.user_permissions.set([Permission.objects.get(codename="view_logentry")])
    measure = f.MeasureFactory()
    value = f.MeasureValueFactory(measure=measure, period=dt.date(2016, 4, 1), value=Decimal("19.3"))
    value.value = Decimal("19.4")
    value.save()  # a second history row
    f.TargetFactory(measure=measure)
    f.TimelineEventFactory()
    action = f.ActionFactory()
    action.measures.set([measure])  # history rows of the action's measures too
    appraisal = f.AppraisalFactory()
    f.ScoreFactory(
        option=f.OptionFactory(appraisal=appraisal), criterion=f.CriterionFactory(appraisal=appraisal)
    )
    LogEntry.objects.log_actions(officer.pk, [measure], CHANGE, change_message="Edited")
    AccessAttempt.objects.create(username="mallory", ip_address="203.0.113.5", failures_since_start=2)
    report = f.CouncilReportFactory(
        status=ReportStatus.PUBLISHED, published_at=timezone.now(), published_by=officer
    )
    snapshot = ReportSnapshot.objects.create(report=report, data={"title": report.title, "rows": [1.5, None]})
    ReportFile.objects.create(
        snapshot=snapshot, format="pdf", file=ContentFile(PDF, name="pack.pdf"), size=len(PDF)
    )


def tables_of(path: Path) -> dict[str, list]:
    """Every table in a backup, as its sorted rows (content types and permissions by natural key)."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        found = {}
        for label in manifest["rows"]:
            table = json.loads(archive.extractfile(f"tables/{label}.json").read())
            found[label] = sorted(json.dumps(row) for row in table["rows"])
        return found


def files_of(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        return {f["name"]: archive.extractfile(f"files/{i}").read() for i, f in enumerate(manifest["files"])}


def _empty_the_database() -> None:
    if connection.vendor == "postgresql":  # check deferred foreign keys now, so TRUNCATE may run
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def test_a_backup_holds_every_table_with_rows_and_the_stored_files(some_of_everything, tmp_path):
    counts = rows_in_use()
    summary = backup(tmp_path / "dashboard.tar.gz")
    assert summary.rows == counts
    for label in [
        "performance.historicalmeasurevalue",
        "improvement.historicalaction",
        "improvement.historicalaction_measures",
        "auth.user",
        "auth.group",
        "auth.group_permissions",
        "auth.user_user_permissions",
        "auth.user_groups",
        "admin.logentry",
        "axes.accessattempt",
        "reports.reportsnapshot",
        "reports.reportfile",
    ]:
        assert summary.rows.get(label, 0) > 0, label
    assert not any(label.startswith(("sessions.", "contenttypes.")) for label in summary.rows)
    [name] = summary.files
    assert files_of(summary.path) == {name: PDF}


def test_a_backup_restored_into_an_emptied_database_gives_the_same_rows_and_files(
    some_of_everything, tmp_path, settings
):
    first = backup(tmp_path / "first.tar.gz")
    _empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "other-media"  # a new server's empty storage
    assert rows_in_use() == {}
    call_command("restore", str(first.path), stdout=io.StringIO())
    assert rows_in_use() == first.rows
    second = backup(tmp_path / "second.tar.gz")
    assert tables_of(second.path) == tables_of(first.path)
    assert files_of(second.path) == files_of(first.path)
    stored = ReportFile.objects.get()
    with stored.file.open("rb") as handle:
        assert handle.read() == PDF


def test_new_rows_after_a_restore_take_fresh_keys(some_of_everything, tmp_path):
    first = backup(tmp_path / "first.tar.gz")
    _empty_the_database()
    restore(first.path)
    action = f.ActionFactory()
    action.measures.add(f.MeasureFactory())  # a history row and a history m2m row, fresh keys each
    assert rows_in_use()["improvement.historicalaction"] > first.rows["improvement.historicalaction"]


RESTORE_AND_BACKUP_AGAIN = [["migrate", "--no-input"], ["restore", "{path}"], ["backup", "{again}"]]


def _restore_elsewhere(path: Path, again: Path, env: dict[str, str]) -> list[str]:
    outputs = []
    for command in RESTORE_AND_BACKUP_AGAIN:
        args = [part.format(path=path, again=again) for part in command]
        result = run_django([sys.executable, "manage.py", *args], env, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        outputs.append(result.stdout)
    return outputs


def test_a_backup_restored_into_a_new_sqlite_database_gives_the_same_tables(some_of_everything, tmp_path):
    first = backup(tmp_path / "first.tar.gz")
    env = {
        "DJANGO_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "new-media"),
        "LOG_LEVEL": "ERROR",
    }
    outputs = _restore_elsewhere(first.path, tmp_path / "again.tar.gz", env)
    assert f"Restored {first.total_rows} rows into {len(first.rows)} tables and 1 files" in outputs[1]
    assert tables_of(tmp_path / "again.tar.gz") == tables_of(first.path)
    assert files_of(tmp_path / "again.tar.gz") == files_of(first.path)


def _new_postgres_database(name: str) -> str:
    import psycopg2

    server = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres", user=server["USER"], host=server["HOST"], port=server["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return f"postgres://{server['USER']}@{server['HOST']}:{server['PORT'] or 5432}/{name}"


@pytest.mark.postgres_only
def test_a_backup_restored_into_a_new_postgresql_database_gives_the_same_tables(some_of_everything, tmp_path):
    assert connection.vendor == "postgresql"
    first = backup(tmp_path / "first.tar.gz")
    env = {
        "DJANGO_ENV": "test",
        "DATABASE_URL": _new_postgres_database(connection.settings_dict["NAME"] + "_restore"),
        "MEDIA_ROOT": str(tmp_path / "new-media"),
        "LOG_LEVEL": "ERROR",
    }
    _restore_elsewhere(first.path, tmp_path / "again.tar.gz", env)
    assert tables_of(tmp_path / "again.tar.gz") == tables_of(first.path)
    assert files_of(tmp_path / "again.tar.gz") == files_of(first.path)


@pytest.mark.postgres_only
def test_the_large_data_set_restores_into_a_new_database_table_by_table(large_dataset, tmp_path):
    first = backup(tmp_path / "large.tar.gz")
    assert first.rows["performance.measurevalue"] >= 25 * 20 * 12
    url = _new_postgres_database(connection.settings_dict["NAME"] + "_large")
    env = {"DJANGO_ENV": "test", "DATABASE_URL": url, "LOG_LEVEL": "ERROR"}
    result = run_django([sys.executable, "manage.py", "migrate", "--no-input"], env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    result = run_django([sys.executable, "manage.py", "restore", str(first.path)], env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    result = run_django([sys.executable, "manage.py", "backup", str(tmp_path / "again.tar.gz")], env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert tables_of(tmp_path / "again.tar.gz") == tables_of(first.path)


def test_restore_refuses_a_database_that_holds_data(some_of_everything, tmp_path):
    path = backup(tmp_path / "dashboard.tar.gz").path
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(path), stdout=io.StringIO())


def test_restore_refuses_a_file_that_is_not_a_backup_naming_it(tmp_path):
    path = tmp_path / "dump.tar.gz"
    path.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match=r"dump\.tar\.gz is not a backup written by `manage\.py backup`"):
        call_command("restore", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), stdout=io.StringIO())


def test_a_restore_that_fails_part_way_changes_nothing(some_of_everything, tmp_path, monkeypatch):
    import core.backup

    path = backup(tmp_path / "dashboard.tar.gz").path
    _empty_the_database()
    groups = sorted(Group.objects.values_list("name", flat=True))  # made by migrations
    real = core.backup._load_table

    def fail_on_history(model, *args, **kwargs):
        if model._meta.label_lower == "improvement.historicalaction":
            raise BackupError("improvement.historicalaction: the disk is full")
        return real(model, *args, **kwargs)

    monkeypatch.setattr(core.backup, "_load_table", fail_on_history)
    with pytest.raises(BackupError, match="the disk is full"):
        restore(path)
    assert rows_in_use().keys() <= {"auth.group", "auth.group_permissions"}
    assert sorted(Group.objects.values_list("name", flat=True)) == groups


def test_a_backup_must_be_a_gzipped_tar_file(tmp_path):
    with pytest.raises(CommandError, match=r"must end in \.tar\.gz"):
        call_command("backup", str(tmp_path / "dump.sql"))


def test_every_model_with_a_table_is_backed_up_but_sessions_and_content_types():
    labels = {m._meta.label_lower for m in backed_up_models()}
    assert {"auth.user", "auth.group", "auth.group_permissions", "admin.logentry"} <= labels
    assert "reports.reportfile" in labels
    assert "improvement.historicalaction_measures" in labels
    assert not {"sessions.session", "contenttypes.contenttype", "auth.permission"} & labels
