"""Cached pages, chart JSON and selectors follow the data at once: approving a value, changing a
target or publishing a report (any model of the reports app) moves to a new data version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models.signals import post_save
from django.utils import timezone

from core.cache import cached_value, data_version
from performance.models import ValueStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure():
    measure = f.MeasureFactory(code="re-referrals", name="Re-referrals within 12 months")
    for month, value in ((2, "21.0"), (3, "21.5")):
        f.MeasureValueFactory(measure=measure, period=dt.date(2016, month, 1), value=Decimal(value))
    return measure


def test_approving_a_value_shows_it_on_the_pages_at_once(client, measure):
    draft = f.MeasureValueFactory(
        measure=measure,
        period=dt.date(2016, 4, 1),
        value=Decimal("19.3"),
        status=ValueStatus.DRAFT,
        approved_at=None,
    )
    for url in ("/measures/", f"/measures/{measure.code}/", "/"):
        assert "19.3" not in client.get(url).content.decode(), url  # cached while still a draft
    draft.status, draft.approved_at = ValueStatus.APPROVED, timezone.now()
    draft.save()
    assert "19.3%" in client.get(f"/measures/{measure.code}/").content.decode()
    assert "19.3%" in client.get("/measures/").content.decode()


def test_changing_a_target_shows_at_once(client, measure):
    target = f.TargetFactory(measure=measure, value=Decimal("20.0"))
    assert "target of 20.0%" in client.get(f"/measures/{measure.code}/").content.decode()
    target.value = Decimal("18.0")
    target.save()
    assert "target of 18.0%" in client.get(f"/measures/{measure.code}/").content.decode()


def test_a_cached_value_is_computed_once_per_data_version():
    calls = []

    def compute():
        calls.append(1)
        return {"figure": len(calls)}

    assert cached_value("k", compute) == {"figure": 1}
    assert cached_value("k", compute) == {"figure": 1}
    f.MeasureFactory()
    assert cached_value("k", compute) == {"figure": 2}


def test_with_the_cache_off_a_value_is_computed_every_time(settings):
    settings.PAGE_CACHE_SECONDS = 0
    calls = []
    cached_value("k", lambda: calls.append(1))
    cached_value("k", lambda: calls.append(1))
    assert len(calls) == 2


class _Meta:
    app_label = "reports"


class FakeReport:
    """Stands in for a model of the reports app, defined here so the test needs none of its migrations."""

    _meta = _Meta()


def test_saving_any_model_of_the_reports_app_moves_to_a_new_data_version():
    before = data_version()
    post_save.send(sender=FakeReport, instance=FakeReport(), created=False)
    assert data_version() > before


def test_models_of_apps_the_pages_do_not_show_leave_the_cache_alone():
    before = data_version()
    f.UserFactory()
    assert data_version() == before


# Bulk writes send no model signals: each path moves the data version itself.


def test_the_import_writer_moves_the_data_version(measure, officer):
    from performance.importing.bulkwrite import create_values_with_history
    from performance.models import MeasureValue

    before = data_version()
    value = MeasureValue(
        measure=measure, period=dt.date(2016, 5, 1), value=Decimal("18.0"), entered_by=officer
    )
    create_values_with_history([value], user=officer, change_reason="Imported")
    assert data_version() > before


def test_the_month_grid_save_moves_the_data_version(measure, officer):
    from performance.entry.services import Entry, MonthEntry, values_save_month

    before = data_version()
    entry = MonthEntry(measure=measure, entry=Entry(value=Decimal("18.5")))
    values_save_month(month=dt.date(2016, 6, 1), entries=[entry], user=officer)
    assert data_version() > before


def test_a_benchmark_import_moves_the_data_version(measure):
    from performance.benchmarks.services import load_ees

    before = data_version()
    head = "time_period,geographic_level,country_code,country_name,pct\n"
    load_ees(head + "2016,National,E92000001,England,22.5\n", measure=measure, column="pct")
    assert data_version() > before


def test_a_restore_moves_the_data_version(tmp_path, measure, settings):
    from django.core.management import call_command
    from django.db import connection

    from core.backup import backup, restore

    settings.MEDIA_ROOT = tmp_path / "media"
    path = backup(tmp_path / "b.tar.gz").path
    if connection.vendor == "postgresql":
        # The test's transaction holds deferred foreign-key checks, which TRUNCATE refuses.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    before = data_version()
    restore(path)
    assert data_version() > before
