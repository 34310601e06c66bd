"""End to end on PostgreSQL: the admin's export click, a real worker with its warm Chromium, the
three stored files, and the job page during and after."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from core.models import Job, JobState
from reports import services
from reports.models import CouncilReport, ReportFile
from tests.browser.conftest import chromium_missing_reason
from tests.factories import CouncilReportFactory
from tests.reports.builders import build_pack_data
from tests.worker_process import DATABASE_BACKEND, start_worker, stop, wait_for

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a worker process shares the test database")
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    settings.TASKS = DATABASE_BACKEND


def test_an_export_from_the_admin_click_to_the_stored_files(client, superuser):
    build_pack_data()
    pack = CouncilReportFactory(title="Published pack")
    services.report_publish(report=pack, user=None)
    client.force_login(superuser)

    response = client.post(reverse("admin:reports_councilreport_export", args=[pack.pk]))
    again = client.post(reverse("admin:reports_councilreport_export", args=[pack.pk]))
    job = Job.objects.get()
    waiting = client.get(reverse("dashboard:job", args=[job.pk])).content.decode()

    worker = start_worker()
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).state in (JobState.DONE, JobState.FAILED), seconds=180)
    finally:
        output = stop(worker)
    job.refresh_from_db()

    assert response["Location"] == again["Location"] == reverse("dashboard:job", args=[job.pk])
    assert "Waiting to start" in waiting
    assert 'data-job-active="true"' in waiting
    assert job.state == JobState.DONE, f"{job.error}\n{output}"
    report = CouncilReport.objects.get(pk=pack.pk)
    files = {f.format: f for f in ReportFile.objects.filter(snapshot__report=report)}
    assert sorted(files) == ["docx", "pdf", "xlsx"]
    with files["pdf"].file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert job.progress_done == job.progress_total > 4
    done = client.get(reverse("dashboard:job", args=[job.pk])).content.decode()
    assert reverse("reports:download", args=[pack.pk, "pdf"]) in done
    assert "Finished" in done
    download = client.get(reverse("reports:download", args=[pack.pk, "docx"]))
    assert download.status_code == 200
