"""The import's confirm step as a job: the request answers with the job's page; rows checked of the
total; a row that fails at confirm fails the job with the row's problem and imports nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Job, JobState
from performance.models import MeasureValue
from tests.factories import MeasureValueFactory
from tests.performance.test_importing import GOOD, confirm, csv_bytes, measures, preview, user  # noqa: F401

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_confirm_answers_with_the_jobs_page_and_the_job_imports_the_file(client, measures, user):  # noqa: F811
    client.force_login(user)

    response = confirm(client, preview(client, csv_bytes(GOOD)))

    job = Job.objects.get()
    assert response["Location"] == reverse("dashboard:job", args=[job.pk])
    assert job.state == JobState.DONE
    assert job.owner == user
    assert job.progress_words == "2 values added, 0 updated, 0 unchanged"
    assert job.progress_done == job.progress_total
    assert MeasureValue.objects.filter(entered_by=user).count() == 2


def test_confirming_the_same_preview_twice_makes_one_job(settings, client, measures, user):  # noqa: F811
    settings.TASKS = DUMMY
    client.force_login(user)
    previewed = preview(client, csv_bytes(GOOD))

    first = confirm(client, previewed)
    second = confirm(client, previewed)

    job = Job.objects.get()
    assert first["Location"] == second["Location"] == reverse("dashboard:job", args=[job.pk])
    assert job.state == JobState.WAITING
    assert MeasureValue.objects.count() == 0


def test_a_row_failing_at_confirm_fails_the_job_naming_it_and_imports_nothing(client, measures, user):  # noqa: F811
    client.force_login(user)
    previewed = preview(client, csv_bytes(GOOD))
    MeasureValueFactory(measure=measures[0], period=dt.date(2016, 4, 1), value=Decimal("19.3"))

    confirm(client, previewed)

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert job.error.startswith("values.csv: nothing was imported. Row 2, column “month”: rereferrals")
    assert not MeasureValue.objects.filter(measure=measures[1]).exists()
