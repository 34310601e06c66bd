"""A real worker process on PostgreSQL: it runs a job; killed mid-job, the job is retried once and
then failed with the reason, never left running."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from core import jobs
from core.models import Job, JobState
from tests.core.job_tasks import sleep_for
from tests.worker_process import DATABASE_BACKEND, kill, start_worker, stop, wait_for

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _database_backend(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a worker process shares the test database")
    settings.TASKS = DATABASE_BACKEND
    settings.JOB_LEASE_SECONDS = 3


def _state(job: Job) -> tuple[str, int]:
    job.refresh_from_db()
    return job.state, job.attempts


def _start(seconds: float) -> Job:
    job, _ = jobs.job_start(
        kind="tests.sleep", target="e2e", title="Wait a while", owner=None, task=sleep_for, args=(seconds,)
    )
    return job


def test_a_worker_process_runs_a_waiting_job_to_the_end():
    job = _start(0.5)
    worker = start_worker()
    try:
        wait_for(lambda: _state(job)[0] == JobState.DONE, what="the job to finish")
    finally:
        stop(worker)
    assert job.progress_done == job.progress_total == 5
    assert job.attempts == 1


def test_a_killed_workers_job_is_retried_once_then_failed_with_the_reason():
    job = _start(60)

    for attempt in (1, 2):
        worker = start_worker()
        try:
            wait_for(lambda a=attempt: _state(job) == (JobState.RUNNING, a), what=f"attempt {attempt} to run")
            wait_for(lambda: Job.objects.get(pk=job.pk).progress_done >= 2, what="some progress")
        finally:
            kill(worker)
        assert _state(job)[0] == JobState.RUNNING  # as a dead worker leaves it
        wait_for(lambda: bool(jobs.jobs_sweep()), seconds=15, what="the sweep to find the lost job")
        if attempt == 1:
            assert _state(job) == (JobState.WAITING, 1)
            assert "tried once more" in job.progress_words

    assert _state(job) == (JobState.FAILED, 2)
    assert job.error.startswith("The worker running this job stopped 2 times")
    assert not Job.objects.filter(state=JobState.RUNNING).exists()


def test_a_worker_starting_sweeps_a_job_its_dead_predecessor_left(settings):
    job = _start(60)
    worker = start_worker()
    try:
        wait_for(lambda: _state(job)[0] == JobState.RUNNING, what="the job to run")
    finally:
        kill(worker)
    time.sleep(settings.JOB_LEASE_SECONDS + 1)

    worker = start_worker("--max-tasks", "1", JOB_LEASE_SECONDS=str(settings.JOB_LEASE_SECONDS))
    try:
        wait_for(lambda: _state(job) == (JobState.RUNNING, 2), what="the retry to run in the new worker")
    finally:
        kill(worker)
    output = worker.stdout.read()
    assert f"Lost job {job.pk} (Wait a while): waiting to start" in output
