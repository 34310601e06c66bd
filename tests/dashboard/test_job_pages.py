"""The job pages: state, progress in words and numbers, errors and results; one's own jobs only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import jobs
from core.models import Job, JobState
from tests.core.job_tasks import count_to

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _job(owner, *args, target="thing:1"):
    job, _ = jobs.job_start(
        kind="tests.count", target=target, title="Count to three", owner=owner, task=count_to, args=(3, *args)
    )
    job.refresh_from_db()
    return job


def _running(owner):
    job = _job(owner)
    jobs._claim(job.pk, job.task_result_id)
    jobs.RunningJob(job).progress(2, 5, "Drawing the charts: 2 of 5 drawn")
    return job


def test_a_running_jobs_page_shows_its_progress_in_words_and_numbers(settings, client, officer):
    settings.TASKS = DUMMY
    job = _running(officer)
    client.force_login(officer)

    page = client.get(reverse("dashboard:job", args=[job.pk])).content.decode()

    assert "<h1>Count to three</h1>" in page
    assert "Running" in page
    assert "Drawing the charts: 2 of 5 drawn." in page
    assert "2 of 5 steps (40%)" in page
    assert 'max="5" value="2"' in page
    assert f'data-job-status="{reverse("dashboard:job_status", args=[job.pk])}"' in page
    assert 'data-job-active="true"' in page
    assert ">Refresh</a>" in page
    assert "<script>" not in page
    assert 'src="/static/js/jobs.js"' in page


def test_a_finished_jobs_page_links_its_results_and_needs_no_refresh(client, officer):
    job = _job(officer)
    client.force_login(officer)

    page = client.get(reverse("dashboard:job", args=[job.pk])).content.decode()

    assert "Finished. The results are linked below." in page
    assert '<a href="/done/count.txt" download>The count</a>' in page
    assert 'data-job-active="false"' in page
    assert '<p data-job-part="refresh" hidden>' in page


def test_a_failed_jobs_page_says_why_in_plain_english(client, officer):
    job = _job(officer, "plain")
    client.force_login(officer)

    page = client.get(reverse("dashboard:job", args=[job.pk])).content.decode()

    assert "Failed: the reason is below." in page
    assert "Why it failed" in page
    assert "Row 3, field value, measure CIN-01: &#x27;abc&#x27; is not a number." in page


def test_the_status_view_answers_the_jobs_state_as_json_never_cached(settings, client, officer):
    settings.TASKS = DUMMY
    job = _running(officer)
    client.force_login(officer)

    response = client.get(reverse("dashboard:job_status", args=[job.pk]))

    body = response.json()
    assert response["Cache-Control"] == "no-store"
    assert (body["state"], body["done"], body["total"], body["percent"]) == ("running", 2, 5, 40)
    assert body["summary"] == "Drawing the charts: 2 of 5 drawn."
    assert body["active"] is True


def test_people_cannot_see_someone_elses_job_but_administrators_can(client, officer, approver, superuser):
    job = _job(officer)

    client.force_login(approver)
    hidden = [
        client.get(reverse(name, args=[job.pk])).status_code
        for name in ("dashboard:job", "dashboard:job_status")
    ]
    client.force_login(superuser)
    shown = client.get(reverse("dashboard:job", args=[job.pk])).status_code

    assert hidden == [404, 404]
    assert shown == 200


def test_someone_not_signed_in_is_sent_to_sign_in(client, officer):
    job = _job(officer)

    response = client.get(reverse("dashboard:job", args=[job.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_jobs_list_shows_the_readers_jobs_newest_first(client, officer, approver):
    _job(officer, target="a")
    _job(officer, target="b")
    _job(approver, target="c")
    client.force_login(officer)

    page = client.get(reverse("dashboard:jobs")).content.decode()

    assert page.count("Count to three</a>") == 2


def test_the_job_pages_take_a_fixed_number_of_queries(client, officer, django_assert_max_num_queries):
    for i in range(10):
        _job(officer, target=f"t{i}")
    job = Job.objects.first()
    client.force_login(officer)

    with django_assert_max_num_queries(6):
        client.get(reverse("dashboard:jobs"))
    with django_assert_max_num_queries(6):
        client.get(reverse("dashboard:job", args=[job.pk]))
    with django_assert_max_num_queries(6):
        client.get(reverse("dashboard:job_status", args=[job.pk]))


def test_the_admin_lists_jobs_for_administrators(client, superuser, officer):
    job = _job(officer)
    client.force_login(superuser)

    page = client.get(reverse("admin:core_job_changelist")).content.decode()

    assert "Count to three" in page
    assert reverse("dashboard:job", args=[job.pk]) in page
    assert Job.objects.get().state == JobState.DONE
