"""Jobs: started once however often asked, progress, errors in plain English, lost jobs swept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks import TaskContext, default_task_backend

from core import jobs
from core.models import Job, JobState
from tests.core.job_tasks import count_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def start(owner=None, target="thing:1", **kwargs):
    return jobs.job_start(
        kind="tests.count",
        target=target,
        title="Count to three",
        owner=owner,
        task=count_to,
        args=(3,),
        **kwargs,
    )


def run_waiting(job: Job) -> None:
    """Run the job's queued task as a worker would (the dummy backend only stores it)."""
    result = default_task_backend.get_result(Job.objects.get(pk=job.pk).task_result_id)
    result.task.call(TaskContext(task_result=result), *result.args, **result.kwargs)


def test_a_job_runs_its_task_and_ends_finished_with_its_results(officer):
    job, created = start(owner=officer)

    assert created
    assert job.state == JobState.DONE
    assert (job.progress_done, job.progress_total, job.progress_words) == (3, 3, "Finished")
    assert job.result_url == "/done/"
    assert job.result_links == [["The count", "/done/count.txt"]]
    assert job.attempts == 1
    assert job.task_result_id
    assert job.started_at <= job.finished_at


def test_two_clicks_make_one_job(settings, officer):
    settings.TASKS = DUMMY

    first, created_first = start(owner=officer)
    second, created_second = start(owner=officer)

    assert first.pk == second.pk
    assert (created_first, created_second) == (True, False)
    assert Job.objects.count() == 1
    assert len(default_task_backend.results) == 1


def test_someone_else_asking_for_the_same_work_follows_the_one_job(settings, officer, approver):
    settings.TASKS = DUMMY
    job, _ = start(owner=officer)

    again, created = start(owner=approver)

    assert again.pk == job.pk
    assert not created
    assert list(jobs.jobs_visible_to(approver)) == [job]


def test_a_finished_job_does_not_stop_a_new_one_for_the_same_target(officer):
    first, _ = start(owner=officer)
    second, created = start(owner=officer)

    assert created
    assert second.pk != first.pk


def test_the_database_allows_one_active_job_per_kind_and_target(settings):
    from django.db import IntegrityError, transaction

    settings.TASKS = DUMMY
    start()
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind="tests.count", target="thing:1", title="again")


def test_a_job_failed_on_purpose_shows_its_message_as_it_is(officer):
    job, _ = jobs.job_start(
        kind="tests.count", target="t", title="Count", owner=officer, task=count_to, args=(3, "plain")
    )

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Row 3, field value, measure CIN-01: 'abc' is not a number."


def test_an_unexpected_error_is_told_in_a_plain_sentence(officer):
    job, _ = jobs.job_start(
        kind="tests.count",
        target="t",
        title="Count to three",
        owner=officer,
        task=count_to,
        args=(3, "crash"),
    )

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error.startswith("Count to three stopped with an error the dashboard did not expect")
    assert "ZeroDivisionError" in job.error
    assert "Try again" in job.error


def _lose(job: Job, minutes: int = 5) -> None:
    """Leave the job as a dead worker does: running, its heartbeat stopped ``minutes`` ago."""
    run_waiting_claim_only(job)
    old = timezone.now() - dt.timedelta(minutes=minutes)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=old, started_at=old)


def run_waiting_claim_only(job: Job) -> None:
    current = Job.objects.get(pk=job.pk)
    jobs._claim(job.pk, current.task_result_id)


def test_a_job_lost_by_its_worker_is_queued_once_more_and_can_then_finish(settings):
    settings.TASKS = DUMMY
    job, _ = start()
    _lose(job)
    first_task = Job.objects.get(pk=job.pk).task_result_id

    [swept] = jobs.jobs_sweep()

    assert swept.state == JobState.WAITING
    assert swept.task_result_id != first_task
    assert "stopped" in swept.progress_words
    assert "tried once more" in swept.progress_words
    run_waiting(job)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2)


def test_a_job_lost_twice_is_failed_with_the_reason_and_never_left_running(settings):
    settings.TASKS = DUMMY
    job, _ = start()
    _lose(job)
    jobs.jobs_sweep()
    _lose(job)

    [swept] = jobs.jobs_sweep()

    assert swept.state == JobState.FAILED
    assert swept.finished_at
    assert swept.error.startswith("The worker running this job stopped 2 times (last heard from at ")
    assert Job.objects.filter(state=JobState.RUNNING).count() == 0


def test_the_sweep_leaves_a_job_whose_worker_is_alive(settings):
    settings.TASKS = DUMMY
    job, _ = start()
    run_waiting_claim_only(job)

    assert jobs.jobs_sweep() == []
    assert Job.objects.get(pk=job.pk).state == JobState.RUNNING


def test_an_old_attempt_of_a_job_handed_to_another_cannot_finish_it(settings):
    settings.TASKS = DUMMY
    job, _ = start()
    old = default_task_backend.get_result(Job.objects.get(pk=job.pk).task_result_id)
    _lose(job)
    jobs.jobs_sweep()

    with pytest.raises(jobs.JobSuperseded):
        old.task.call(TaskContext(task_result=old), *old.args, **old.kwargs)
    assert Job.objects.get(pk=job.pk).state == JobState.WAITING


def test_people_see_their_own_jobs_and_administrators_all(settings, officer, approver, superuser):
    settings.TASKS = DUMMY
    mine, _ = start(owner=officer, target="a")
    theirs, _ = start(owner=approver, target="b")

    assert list(jobs.jobs_visible_to(officer)) == [mine]
    assert set(jobs.jobs_visible_to(superuser)) == {mine, theirs}
    assert not jobs.is_job_administrator(UserFactory(username="nobody"))


def test_the_queue_state_counts_waiting_and_running_jobs_and_the_oldest_wait(settings):
    settings.TASKS = DUMMY
    waiting, _ = start(target="a")
    running, _ = start(target="b")
    run_waiting_claim_only(running)
    Job.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - dt.timedelta(seconds=90))

    state = jobs.queue_state()

    assert (state.waiting, state.running) == (1, 1)
    assert 90 <= state.oldest_waiting_seconds < 120


def test_each_job_is_in_its_history_with_who_started_it(officer):
    job, _ = start(owner=officer)

    states = list(job.history.order_by("history_date").values_list("state", flat=True))

    assert states[0] == JobState.WAITING
    assert states[-1] == JobState.DONE
    assert JobState.RUNNING in states


def test_the_audit_trail_lists_each_job_with_who_started_it_and_how_it_ended(officer):
    from dashboard.audit import audit_rows

    start(owner=officer)

    rows = [r for r in audit_rows(kinds=["job"]) if r.field == "State"]

    assert {r.after for r in rows} >= {"waiting", "running", "done"}
    assert {r.record for r in rows} == {"Count to three"}
    assert any(r.who == "officer" for r in rows)
