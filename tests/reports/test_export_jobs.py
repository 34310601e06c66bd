"""A pack's export as a job: one task makes all three files, a published pack's once, from a click."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core.models import Job, JobState
from reports import services
from reports.models import CouncilReport, ReportFile
from reports.render import browser
from reports.tasks import pack_export_start
from tests.factories import CouncilReportFactory
from tests.reports.builders import build_pack_data
from tests.reports.fake_browser import FakeSession

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def fake_browser(monkeypatch):
    session = FakeSession()
    monkeypatch.setattr(browser, "warm_session", lambda: session)
    monkeypatch.setattr(browser, "warm_session_alive", lambda: True)
    return session


@pytest.fixture
def packs():
    build_pack_data()
    published = CouncilReportFactory(title="Published pack")
    services.report_publish(report=published, user=None)
    draft = CouncilReportFactory(
        title="Draft pack", period_start=dt.date(2015, 11, 1), period_end=dt.date(2016, 4, 1)
    )
    return CouncilReport.objects.get(pk=published.pk), draft


def test_one_task_makes_all_three_files_drawing_each_chart_once(fake_browser, officer, packs):
    published, _ = packs

    job, created = pack_export_start(report=published, user=officer)

    job.refresh_from_db()
    assert created
    assert job.state == JobState.DONE, job.error
    assert sorted(ReportFile.objects.filter(snapshot__report=published).values_list("format", flat=True)) == [
        "docx",
        "pdf",
        "xlsx",
    ]
    charts = len(fake_browser.drawn)
    assert charts > 0
    assert fake_browser.printed == 2  # the PDF is printed twice: the second gives the contents page numbers
    assert job.progress_total == charts + 3 + 1
    assert job.progress_done == job.progress_total
    assert [label for label, _ in job.result_links] == [
        "PDF (agenda)",
        "Word (.docx)",
        "Excel data annex (.xlsx)",
    ]
    assert job.result_links[0][1] == reverse("reports:download", args=[published.pk, "pdf"])


def test_a_published_packs_files_are_stored_once_whoever_asks_later(fake_browser, officer, councillor, packs):
    published, _ = packs
    pack_export_start(report=published, user=officer)
    stored = set(ReportFile.objects.values_list("pk", "file"))

    job, _ = pack_export_start(report=published, user=councillor)

    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert set(ReportFile.objects.values_list("pk", "file")) == stored
    assert fake_browser.printed == 2  # the PDF is printed twice: the second gives the contents page numbers


def test_a_drafts_files_are_kept_per_export_and_downloaded_by_officers(fake_browser, client, officer, packs):
    _, draft = packs
    job, _ = pack_export_start(report=draft, user=officer)
    job.refresh_from_db()
    client.force_login(officer)

    [(label, url), *_] = job.result_links
    response = client.get(url)

    assert label == "PDF (agenda) (draft)"
    assert response["Content-Disposition"] == (
        'attachment; filename="DRAFT-council-report-2015-11-to-2016-04.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert not ReportFile.objects.exists()


def test_a_councillor_cannot_fetch_a_drafts_files(fake_browser, client, officer, councillor, packs):
    _, draft = packs
    job, _ = pack_export_start(report=draft, user=officer)
    client.force_login(councillor)

    response = client.get(reverse("reports:draft_download", args=[draft.pk, job.pk, "pdf"]))

    assert response.status_code == 404


def test_the_admin_export_button_starts_a_job_and_shows_its_page(settings, client, superuser, packs):
    settings.TASKS = DUMMY
    published, _ = packs
    client.force_login(superuser)
    url = reverse("admin:reports_councilreport_export", args=[published.pk])

    first = client.post(url)
    second = client.post(url)

    job = Job.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("dashboard:job", args=[job.pk])
    assert job.state == JobState.WAITING
    assert job.owner == superuser


def test_the_admin_export_button_takes_few_queries(
    settings, client, superuser, packs, django_assert_max_num_queries
):
    settings.TASKS = DUMMY
    published, _ = packs
    client.force_login(superuser)

    with django_assert_max_num_queries(14):
        client.post(reverse("admin:reports_councilreport_export", args=[published.pk]))


def test_the_packs_page_button_starts_the_export_and_then_links_to_it(settings, client, officer, packs):
    settings.TASKS = DUMMY
    _, draft = packs
    client.force_login(officer)

    response = client.post(reverse("reports:export", args=[draft.pk]))
    page = client.get(reverse("reports:index")).content.decode()

    job = Job.objects.get()
    assert response["Location"] == reverse("dashboard:job", args=[job.pk])
    assert f'href="{reverse("dashboard:job", args=[job.pk])}"' in page
    assert "Being made" in page


def test_the_packs_page_links_the_stored_files_once_they_are_made(fake_browser, client, councillor, packs):
    published, _ = packs
    client.force_login(councillor)
    client.post(reverse("reports:export", args=[published.pk]))

    page = client.get(reverse("reports:index")).content.decode()

    for fmt in ("pdf", "docx", "xlsx"):
        assert reverse("reports:download", args=[published.pk, fmt]) in page


def test_a_published_packs_first_download_makes_and_stores_the_file_once(client, packs):
    published, _ = packs

    first = client.get(reverse("reports:download", args=[published.pk, "xlsx"]))
    again = client.get(reverse("reports:download", args=[published.pk, "xlsx"]))

    assert first.status_code == 200
    assert again.status_code == 200
    assert ReportFile.objects.filter(snapshot__report=published, format="xlsx").count() == 1


def test_a_councillor_cannot_export_a_draft(settings, client, councillor, packs):
    settings.TASKS = DUMMY
    _, draft = packs
    client.force_login(councillor)

    assert client.post(reverse("reports:export", args=[draft.pk])).status_code == 404
    assert not Job.objects.exists()
