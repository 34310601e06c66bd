"""The jobs panel: every job's state, progress and outcome, read-only (jobs change only by running)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.models import Job


@admin.register(Job)
class JobAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "owner",
        "state",
        "progress_label",
        "attempts",
        "created_at",
        "finished_at",
        "page",
    ]
    list_filter = ["state", "kind"]
    search_fields = ["title", "target", "owner__username"]
    list_select_related = ["owner"]
    date_hierarchy = "created_at"
    fields = [
        "title", "kind", "target", "owner", "state", "progress_done", "progress_total", "progress_words",
        "error", "result_url", "result_links", "attempts", "task_result_id",
        "created_at", "started_at", "heartbeat_at", "finished_at",
    ]  # fmt: skip
    readonly_fields = fields

    @admin.display(description="Progress")
    def progress_label(self, job: Job) -> str:
        return job.progress_label

    @admin.display(description="Job page")
    def page(self, job: Job) -> str:
        return format_html('<a href="{}">Open</a>', reverse("dashboard:job", args=[job.pk]))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
