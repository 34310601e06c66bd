"""Jobs as a person reads them: state and progress in words, for the page and its JSON alike."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from core.models import Job, JobState

STATE_CLASSES = {
    JobState.WAITING: "status--not-started",
    JobState.RUNNING: "status--at-risk",
    JobState.DONE: "status--complete",
    JobState.FAILED: "status--off-track",
}


def _when(moment: Any) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M:%S}"


def job_summary(job: Job) -> str:
    """Return one sentence saying where the job is."""
    if job.state == JobState.WAITING:
        return job.progress_words or "Waiting for a worker to pick it up."
    if job.state == JobState.RUNNING:
        return f"{job.progress_words or 'Started'}."
    if job.state == JobState.DONE:
        done = (
            f"Finished: {job.progress_words}." if job.progress_words not in ("", "Finished") else "Finished."
        )
        return f"{done} The results are linked below." if job.result_links or job.result_url else done
    return "Failed: the reason is below."


def job_display(job: Job) -> dict[str, Any]:
    """Return the job's display values (JSON-safe): what the page shows and the script updates."""
    return {
        "id": job.pk,
        "title": job.title,
        "state": job.state,
        "state_label": job.get_state_display(),
        "state_class": STATE_CLASSES[JobState(job.state)],
        "active": job.is_active,
        "summary": job_summary(job),
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "progress_label": job.progress_label,
        "error": job.error,
        "result_url": job.result_url,
        "links": [{"label": label, "url": url} for label, url in job.result_links],
        "attempts": job.attempts,
        "owner": job.owner.get_username() if job.owner else "",
        "created": _when(job.created_at),
        "started": _when(job.started_at),
        "finished": _when(job.finished_at),
        "page": reverse("dashboard:job", args=[job.pk]),
        "status_url": reverse("dashboard:job_status", args=[job.pk]),
    }
