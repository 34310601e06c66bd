"""The import's confirm step as a task: all or nothing, its rows checked of the total on the job's page."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django_tasks import TaskContext, task

from core.jobs import JobFailed, job_running, job_start
from core.models import Job
from performance.importing.parsing import ImportRefused
from performance.importing.services import import_values

IMPORT_KIND = "performance.import"
PROBLEMS_SHOWN = 10


def values_import_of(key: str) -> Job | None:
    """Return the job that imports (or imported) the previewed upload ``key``, if one was started."""
    return Job.objects.filter(kind=IMPORT_KIND, target=f"upload:{key}").order_by("-pk").first()


def values_import_start(*, data: bytes, file_name: str, key: str, user: AbstractBaseUser) -> tuple[Job, bool]:
    """Keep a previewed file and start importing it, all or nothing; return (job, created).

    ``key`` names the previewed upload, so confirming the same preview twice makes one job.
    """
    path = default_storage.save(f"imports/values/{uuid.uuid4().hex}", ContentFile(data))
    job, created = job_start(
        kind=IMPORT_KIND,
        target=f"upload:{key}",
        title=f"Import of monthly values from {file_name}",
        owner=user,
        task=import_values_file,
        args=(path, file_name, user.pk),
    )
    if not created:
        default_storage.delete(path)
    return job, created


@task(takes_context=True)
def import_values_file(context: TaskContext, job_id: int, path: str, file_name: str, user_id: int) -> dict:
    """Import the kept file (all or nothing) as ``user_id``, then delete it; return the counts."""
    from django.contrib.auth import get_user_model

    with job_running(job_id, task_result_id=str(context.task_result.id)) as run:
        user = get_user_model().objects.filter(pk=user_id).first()
        if not default_storage.exists(path):
            raise JobFailed("The uploaded file is no longer kept: upload it again.")
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
        try:
            result = import_values(data, user=user, name=file_name, progress=run.progress)
        except ImportRefused as refusal:
            default_storage.delete(path)
            raise JobFailed(f"{file_name}: {refusal} Nothing was imported.") from refusal
        default_storage.delete(path)
        problems = _problems(result)
        if problems:
            raise JobFailed(f"{file_name}: nothing was imported. " + " ".join(problems))
        totals = result.totals
        counts = {kind: totals.get(kind, 0) for kind in ("new", "update", "skip")}
        run.result(
            url=reverse("admin:performance_measurevalue_changelist"),
            outcome=(
                f"{counts['new']:,} values added, {counts['update']:,} updated, {counts['skip']:,} unchanged"
            ),
        )
    return counts


def _problems(result) -> list[str]:
    """Return the import's problems as sentences (row, field and measure), the first PROBLEMS_SHOWN."""
    problems = [str(error.error) for error in result.base_errors]
    for line, errors in result.row_errors():
        problems += [f"Row {line}: {error.error}" for error in errors]
    for row in result.invalid_rows:  # the resource's messages name the row, column and measure
        problems += [message for messages in row.error_dict.values() for message in messages]
    if len(problems) > PROBLEMS_SHOWN:
        more = len(problems) - PROBLEMS_SHOWN
        problems = [*problems[:PROBLEMS_SHOWN], f"And {more:,} more problem{'s' if more != 1 else ''}."]
    return problems
