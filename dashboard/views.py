"""Pages that gather several apps: the jobs a person started, each with its progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from core.jobs import jobs_visible_to
from core.models import Job
from dashboard.presenters import job_display

JOBS_SHOWN = 50


def _job_for(request: HttpRequest, pk: int) -> Job:
    """Return the job if the reader may see it (theirs, followed, or any for administrators); else 404."""
    return get_object_or_404(jobs_visible_to(request.user), pk=pk)


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    """The reader's jobs (every job for administrators), newest first."""
    shown = [job_display(job) for job in jobs_visible_to(request.user)[:JOBS_SHOWN]]
    return render(request, "dashboard/jobs.html", {"jobs": shown, "limit": JOBS_SHOWN})


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """One job: state, progress in words and numbers, the error or the results. Updated by jobs.js."""
    return render(request, "dashboard/job.html", {"job": job_display(_job_for(request, pk))})


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's display values as JSON, polled by static/js/jobs.js while the job is under way."""
    response = JsonResponse(job_display(_job_for(request, pk)))
    response["Cache-Control"] = "no-store"
    return response
