"""A DfE benchmark file loaded as a task, its progress shown on the job's page."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django_tasks import TaskContext, task

from core.jobs import JobFailed, job_running, job_start
from core.models import Job
from performance.benchmarks.services import BenchmarkFileError, load_ees
from performance.models import Measure

BENCHMARKS_KIND = "performance.benchmarks"


def benchmarks_import_start(
    *,
    data: bytes,
    file_name: str,
    measure: Measure,
    column: str,
    where: dict[str, str],
    user: AbstractBaseUser | None,
) -> tuple[Job, bool]:
    """Keep the file and start loading its ``column`` as ``measure``'s benchmarks; return (job, created).

    The same measure's benchmarks load one file at a time: asking again while one loads follows it.
    """
    path = default_storage.save(f"imports/benchmarks/{uuid.uuid4().hex}.csv", ContentFile(data))
    job, created = job_start(
        kind=BENCHMARKS_KIND,
        target=f"measure:{measure.pk}",
        title=f"DfE benchmarks for {measure.code} from {file_name}",
        owner=user,
        task=import_benchmarks,
        args=(path, measure.pk, column, where, file_name),
    )
    if not created:
        default_storage.delete(path)
    return job, created


@task(takes_context=True)
def import_benchmarks(
    context: TaskContext, job_id: int, path: str, measure_id: int, column: str, where: dict, source: str
) -> dict[str, int]:
    """Load the kept file's benchmarks (all or nothing), then delete the file; return the counts."""
    with job_running(job_id, task_result_id=str(context.task_result.id)) as run:
        measure = Measure.objects.filter(pk=measure_id).first()
        if measure is None:
            raise JobFailed("The measure was deleted before its benchmarks could be loaded.")
        if not default_storage.exists(path):
            raise JobFailed("The uploaded file is no longer kept: upload it again.")
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
        try:
            result = load_ees(
                data,
                measure=measure,
                column=column,
                where=where,
                source=source,
                name=source,
                progress=run.progress,
            )
        except BenchmarkFileError as error:
            raise JobFailed(f"{source}: {error} Nothing was loaded.") from error
        run.result(
            url=reverse("dashboard:measure", args=[measure.code]),
            outcome=(
                f"{result.created} benchmarks added, {result.updated} updated, "
                f"{result.suppressed} suppressed kept as missing"
            ),
        )
    default_storage.delete(path)
    return {"created": result.created, "updated": result.updated, "suppressed": result.suppressed}
