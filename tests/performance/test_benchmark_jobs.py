"""A DfE benchmark file loaded as a job: progress, counts in words, a bad file failed plainly."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from core.models import Job, JobState
from performance.benchmarks.tasks import benchmarks_import_start
from performance.models import BenchmarkValue
from tests.factories import MeasureFactory
from tests.performance.test_benchmarks import EES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_benchmark_file_loads_as_a_job_and_says_what_it_did(officer):
    measure = MeasureFactory(code="rereferrals")

    job, created = benchmarks_import_start(
        data=EES.encode(), file_name="c1.csv", measure=measure, column="pct", where={}, user=officer
    )

    job.refresh_from_db()
    assert created
    assert job.state == JobState.DONE, job.error
    added = BenchmarkValue.objects.filter(measure=measure).count()
    assert added > 0
    assert job.progress_words.startswith(f"{added} benchmarks added, 0 updated, 4 suppressed kept as missing")
    assert job.result_url == "/measures/rereferrals/"
    assert not default_storage.listdir("imports/benchmarks")[1]


def test_a_file_without_the_column_fails_the_job_with_the_reason_and_loads_nothing(officer):
    measure = MeasureFactory()

    job, _ = benchmarks_import_start(
        data=EES.encode(), file_name="c1.csv", measure=measure, column="nope", where={}, user=officer
    )

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "c1.csv: The file has no nope column. Nothing was loaded."
    assert not BenchmarkValue.objects.exists()


def test_the_command_can_queue_the_load_as_a_job(tmp_path):
    MeasureFactory(code="rereferrals")
    path = tmp_path / "c1.csv"
    path.write_text(EES)
    out = io.StringIO()

    call_command("import_benchmarks", str(path), measure="rereferrals", column="pct", queue=True, stdout=out)

    job = Job.objects.get()
    assert out.getvalue().startswith(
        f"Started job {job.pk}, DfE benchmarks for rereferrals from c1.csv: /jobs/"
    )
    assert job.state == JobState.DONE
