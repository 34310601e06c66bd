"""Pack exports as tasks: all three files in one job, with the charts drawn once in a warm browser."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django_tasks import TaskContext, task

from core.jobs import JobFailed, job_running, job_start
from core.models import Job
from reports import services
from reports.models import CouncilReport, ExportFormat

EXPORT_KIND = "reports.export"


def export_target(report: CouncilReport) -> str:
    """Return the job target of ``report``'s export: one export under way per pack."""
    return f"report:{report.pk}"


def pack_export_start(*, report: CouncilReport, user: AbstractBaseUser | None) -> tuple[Job, bool]:
    """Start exporting ``report`` as PDF, Word and Excel, or return the export already under way.

    Returns ``(job, created)``; the job's page shows its progress and, once done, the files.
    """
    label = "draft " if not report.is_published else ""
    return job_start(
        kind=EXPORT_KIND,
        target=export_target(report),
        title=f"PDF, Word and Excel of the {label}pack {report}",
        owner=user,
        task=export_pack,
        args=(report.pk,),
    )


@task(takes_context=True)
def export_pack(context: TaskContext, job_id: int, report_id: int) -> None:
    """Render the pack's three files (stored once when published; kept per job when a draft)."""
    with job_running(job_id, task_result_id=str(context.task_result.id)) as run:
        report = CouncilReport.objects.select_related("snapshot").filter(pk=report_id).first()
        if report is None:
            raise JobFailed("The pack was deleted before its files could be made.")
        run.progress(0, 1, "Starting the browser")
        files = _export(report, run.progress)
        if report.is_published:
            links = [
                (label, reverse("reports:download", args=[report.pk, fmt]))
                for fmt, label in ExportFormat.choices
            ]
        else:
            services.report_store_draft(report=report, key=str(job_id), files=files)
            links = [
                (f"{label} (draft)", reverse("reports:draft_download", args=[report.pk, job_id, fmt]))
                for fmt, label in ExportFormat.choices
            ]
        run.result(url=reverse("reports:index"), links=links)


def _export(report: CouncilReport, steps: Any) -> dict[str, bytes]:
    """Export with this process's warm browser; once more with a fresh one if it crashed meanwhile."""
    from reports.render.browser import warm_session, warm_session_alive

    try:
        return services.report_export(
            report=report, formats=ExportFormat.values, session=warm_session(), steps=steps
        )
    except Exception:
        if warm_session_alive():
            raise
        return services.report_export(
            report=report, formats=ExportFormat.values, session=warm_session(), steps=steps
        )
