"""Jobs: start one idempotently, run it in a task with progress and a heartbeat, sweep lost ones.

The domain apps own the work; they call ``job_start`` with their task (a ``django_tasks`` task
whose first argument is the job's id) and, inside the task, ``job_running``. Nothing here
imports a domain app.

A worker that dies mid-job (killed, out of memory, the machine lost) leaves its job "running"
with a heartbeat that stops. ``jobs_sweep`` (run when a worker starts and by ``/health/``) finds
jobs whose heartbeat is older than the lease: each is queued again once, then failed with the
reason, so no job stays "running" forever.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from core.models import ACTIVE_STATES, Job, JobState

logger = logging.getLogger("dashboard.jobs")


class JobSuperseded(Exception):
    """Raised inside a task whose job has been handed to another attempt (its worker was lost)."""


class JobFailed(Exception):
    """Raised by a task to fail its job with a message for the person who started it."""


def _user(user: AbstractBaseUser | None) -> Any:
    return user if user is not None and user.pk else None


def job_start(
    *,
    kind: str,
    target: str,
    title: str,
    owner: AbstractBaseUser | None,
    task: Any,
    args: Sequence[Any] = (),
) -> tuple[Job, bool]:
    """Return ``(job, created)``: the waiting or running job of this kind and target, else a new one.

    A new job is saved and its task queued in one transaction (``task.enqueue(job.pk, *args)``),
    so a worker never sees one without the other. Someone else asking for work already under way
    follows that job. Two requests at once make one job: the database allows one active job per
    kind and target.
    """
    existing = _active(kind, target)
    if existing is None:
        try:
            with transaction.atomic():
                job = Job(kind=kind, target=target, title=title, owner=_user(owner))
                job.full_clean(validate_constraints=False)
                # The audit trail names who asked, in a request or not (simple-history reads this).
                setattr(job, "_history_user", _user(owner))  # noqa: B010
                job.save()
                result = task.enqueue(job.pk, *args)
                # The immediate backend has already run the task (which recorded its own id).
                Job.objects.filter(pk=job.pk, task_result_id="").update(task_result_id=str(result.id))
        except IntegrityError:
            existing = _active(kind, target)
            if existing is None:
                raise
        else:
            job.refresh_from_db()
            return job, True
    asker = _user(owner)
    if asker is not None and existing.owner_id != asker.pk:
        existing.followers.add(asker)
    return existing, False


def _active(kind: str, target: str) -> Job | None:
    return Job.objects.filter(kind=kind, target=target, state__in=ACTIVE_STATES).first()


@dataclass
class RunningJob:
    """The job a task is running: report progress and the result through it."""

    job: Job
    outcome: str = ""

    def progress(self, done: int, total: int, words: str) -> None:
        """Record ``done`` of ``total`` steps and what is happening, in words (no history row)."""
        done = min(done, total) if total else done
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=done,
            progress_total=total,
            progress_words=words[:250],
            heartbeat_at=timezone.now(),
        )

    def result(self, *, url: str = "", links: Sequence[tuple[str, str]] = (), outcome: str = "") -> None:
        """Set what the finished job links to (one page, or files as (label, url)) and, in words,
        what it did (e.g. "120 benchmarks added")."""
        self.job.result_url = url
        self.job.result_links = [list(pair) for pair in links]
        self.outcome = outcome


@contextmanager
def job_running(job_id: int, *, task_result_id: str) -> Iterator[RunningJob]:
    """Run the body as the current attempt of job ``job_id``; mark it finished or failed after.

    Raises JobSuperseded when the job was handed to another attempt meanwhile. A JobFailed's
    message is shown as it is; any other error as a plain sentence (its details go to the log).
    """
    job = _claim(job_id, task_result_id)
    running = RunningJob(job)
    beat = _Heartbeat(job.pk)
    beat.start()
    try:
        yield running
    except Exception as error:
        beat.stop()
        message = str(error) if isinstance(error, JobFailed) else _plain(error, job)
        if not isinstance(error, JobFailed):
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, task_result_id, JobState.FAILED, error=message)
        raise
    beat.stop()
    _finish(job, task_result_id, JobState.DONE, outcome=running.outcome)


def _plain(error: Exception, job: Job) -> str:
    return (
        f"{job.title} stopped with an error the dashboard did not expect ({type(error).__name__}: "
        f"{str(error)[:200]}). Try again, and tell the system administrator if it happens twice."
    )


def _claim(job_id: int, task_result_id: str) -> Job:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.task_result_id and job.task_result_id != task_result_id:
            raise JobSuperseded(f"Job {job_id} is now run by task {job.task_result_id}.")
        if job.state not in ACTIVE_STATES:
            raise JobSuperseded(f"Job {job_id} is already {job.state}.")
        now = timezone.now()
        job.task_result_id = task_result_id
        job.state = JobState.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.progress_words = "Started"
        job.save()
    return job


def _finish(job: Job, task_result_id: str, state: str, *, error: str = "", outcome: str = "") -> None:
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.task_result_id != task_result_id or current.state != JobState.RUNNING:
            return
        current.state = state
        current.error = error
        current.finished_at = timezone.now()
        current.result_url = job.result_url
        current.result_links = job.result_links
        if state == JobState.DONE:
            current.progress_done = current.progress_total
            current.progress_words = (outcome or "Finished")[:250]
        current.save()


class _Heartbeat:
    """Stamps the job every JOB_HEARTBEAT_SECONDS from a thread of its own (0: never)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.seconds = settings.JOB_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.seconds > 0:
            self._thread = threading.Thread(
                target=self._run, name=f"job-{self.job_id}-heartbeat", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.seconds):
                Job.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def jobs_sweep(*, now: dt.datetime | None = None) -> list[Job]:
    """Retry or fail every running job whose heartbeat is older than the lease; return them.

    A lost job with attempts left is queued again (a new task with the same arguments) and waits;
    one that has used JOB_MAX_ATTEMPTS is failed with the reason. Safe to run in several
    processes at once: each job is locked while it is decided.
    """
    now = now or timezone.now()
    stale_before = now - dt.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    lost = Job.objects.filter(state=JobState.RUNNING).filter(
        Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True, started_at__lt=stale_before)
    )
    swept = []
    for job_id in list(lost.values_list("pk", flat=True)):
        job = _sweep_one(job_id, stale_before, now)
        if job is not None:
            swept.append(job)
    return swept


def _sweep_one(job_id: int, stale_before: dt.datetime, now: dt.datetime) -> Job | None:
    from django_tasks import default_task_backend

    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, state=JobState.RUNNING).first()
        if job is None or (job.heartbeat_at and job.heartbeat_at >= stale_before):
            return None
        last_seen = timezone.localtime(job.heartbeat_at or job.started_at or now)
        previous = _lost_task(default_task_backend, job.task_result_id, now)
        if job.attempts < settings.JOB_MAX_ATTEMPTS and previous is not None:
            retry = previous.task.enqueue(*previous.args, **previous.kwargs)
            job.task_result_id = str(retry.id)
            job.state = JobState.WAITING
            job.progress_words = (
                f"The worker running this job stopped (last heard from at {last_seen:%H:%M:%S}); "
                "it will be tried once more."
            )
            job.save()
            logger.warning("Job %s lost by its worker: queued again as task %s", job.pk, retry.id)
        else:
            job.state = JobState.FAILED
            job.finished_at = now
            job.error = (
                f"The worker running this job stopped {job.attempts} time"
                f"{'s' if job.attempts != 1 else ''} (last heard from at {last_seen:%H:%M:%S}), "
                "so it was not tried again. Start it again; if it stops again, the file or pack may "
                "be too large for the worker's memory: tell the system administrator."
            )
            job.save()
            logger.error("Job %s lost by its worker after %s attempts: failed", job.pk, job.attempts)
    return job


def _lost_task(backend: Any, result_id: str, now: dt.datetime) -> Any:
    """Return the lost attempt's task result (marked failed), or None when the backend has none."""
    if not result_id:
        return None
    try:
        result = backend.get_result(result_id)
    except Exception:  # the result was pruned, or the backend keeps none (the immediate backend)
        return None
    stored = getattr(result, "db_result", None)
    if stored is not None and stored.status == "RUNNING":
        stored.set_failed(RuntimeError("The worker running this task stopped before it finished."))
    return result


# --- Reads ------------------------------------------------------------------------------------


def is_job_administrator(user: Any) -> bool:
    """Return True when ``user`` sees every job (superusers and those who may change jobs)."""
    return bool(user.is_authenticated and (user.is_superuser or user.has_perm("core.change_job")))


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    """Return the jobs ``user`` may see: their own and those they follow; every job for administrators."""
    jobs = Job.objects.select_related("owner")
    if is_job_administrator(user):
        return jobs
    if not user.is_authenticated:
        return jobs.none()
    return jobs.filter(Q(owner=user) | Q(followers=user)).distinct()


@dataclass(frozen=True)
class QueueState:
    waiting: int
    running: int
    oldest_waiting_seconds: int | None


def queue_state(*, now: dt.datetime | None = None) -> QueueState:
    """Return how many jobs wait and run, and how long the oldest waiting one has waited. One query."""
    now = now or timezone.now()
    row = Job.objects.filter(state__in=ACTIVE_STATES).aggregate(
        waiting=Count("pk", filter=Q(state=JobState.WAITING)),
        running=Count("pk", filter=Q(state=JobState.RUNNING)),
        oldest=Min("created_at", filter=Q(state=JobState.WAITING)),
    )
    oldest = row["oldest"]
    return QueueState(
        waiting=row["waiting"],
        running=row["running"],
        oldest_waiting_seconds=int((now - oldest).total_seconds()) if oldest else None,
    )
