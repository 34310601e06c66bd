"""The core app's one table: a job, the long piece of work a person started and can follow.

A job knows nothing of the domain: a kind (``reports.export``), a target (``report:5``), a title
in words, its state and progress. The apps that own the work start it through ``core.jobs`` and
run it as a task (Django's task framework) that reports its progress back here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class JobState(models.TextChoices):
    WAITING = "waiting", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


ACTIVE_STATES = (JobState.WAITING, JobState.RUNNING)


class Job(models.Model):
    """One piece of long work: who asked, what it is, how far it has gone and how it ended."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    # Others who asked for the same work while it was under way: they follow the one job.
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="followed_jobs")
    kind = models.CharField(max_length=40, help_text="What the work is, e.g. reports.export.")
    target = models.CharField(max_length=200, help_text="What it works on, e.g. report:5.")
    title = models.CharField(max_length=250)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.WAITING)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_words = models.CharField(max_length=250, blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, in plain English.")
    result_url = models.CharField(max_length=500, blank=True)
    result_links = models.JSONField(default=list, blank=True, help_text="[[label, url], ...]")
    task_result_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Progress and heartbeats are written with update(), so the history holds the state changes.
    history = HistoricalRecords(excluded_fields=["progress_done", "progress_words", "heartbeat_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=JobState.values), name="job_state_valid"),
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")) | Q(progress_total=0),
                name="job_progress_within_total",
            ),
            # Two clicks make one job: one waiting or running job per kind and target.
            models.UniqueConstraint(
                fields=["kind", "target"],
                condition=Q(state__in=["waiting", "running"]),
                name="job_one_active_per_target",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="job_state_created")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.state == JobState.DONE else 0
        return round(100 * self.progress_done / self.progress_total)

    @property
    def progress_label(self) -> str:
        if self.progress_total:
            return f"{self.progress_done} of {self.progress_total} steps ({self.percent}%)"
        return "Finished" if self.state == JobState.DONE else "Not started yet"
