"""Admin for Council report packs: drafts are edited here; published packs are read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join

from reports import permissions, selectors, services
from reports.models import ALL_SECTIONS, CouncilReport, ExportFormat, ReportFile, ReportSnapshot, Section
from reports.tasks import pack_export_start


class CouncilReportForm(forms.ModelForm):
    sections = forms.MultipleChoiceField(
        choices=Section.choices, widget=forms.CheckboxSelectMultiple, initial=ALL_SECTIONS
    )

    class Meta:
        model = CouncilReport
        fields = [
            "title",
            "meeting",
            "meeting_date",
            "period_start",
            "period_end",
            "sections",
            "report_of",
            "wards_affected",
            "key_decision",
            "exempt",
            "contact_name",
            "contact_role",
            "contact_details",
            "purpose",
            "recommendations",
            "summary",
        ]


@admin.register(CouncilReport)
class CouncilReportAdmin(admin.ModelAdmin):
    form = CouncilReportForm
    list_display = ["title", "meeting", "meeting_date_label", "period_label", "status", "published_at"]
    list_filter = ["status"]
    actions = ["publish_selected"]
    readonly_fields = ["status", "published_at", "published_by", "drafted_summary"]

    @admin.display(description="Summary drafted from the figures")
    def drafted_summary(self, obj: CouncilReport | None) -> Any:
        """The draft the executive summary starts from: copy it into Summary to edit it."""
        if obj is None or obj.pk is None:
            return "Save the draft to see the summary drafted from its figures."
        sentences = services.report_summary_draft(obj)
        return format_html_join("", "<p>{}</p>", ((s["text"],) for s in sentences))

    def has_change_permission(self, request: HttpRequest, obj: CouncilReport | None = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: CouncilReport | None = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self) -> list:
        extra = [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="reports_councilreport_publish",
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="reports_councilreport_export",
            ),
        ]
        return extra + super().get_urls()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "export_formats": ExportFormat.choices,
            "can_publish": permissions.can_publish(request.user),
            "files_ready": bool(object_id) and selectors.all_stored(self._pack(object_id)),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _pack(self, pk: str | int) -> CouncilReport:
        return get_object_or_404(CouncilReport.objects.select_related("snapshot"), pk=pk)

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Start the pack's export (or join the one under way) and show its job's page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = self._pack(pk)
        if not report.is_published and not permissions.can_see_drafts(request.user):
            raise Http404("No such pack")
        job, _ = pack_export_start(report=report, user=request.user)
        return HttpResponseRedirect(reverse("dashboard:job", args=[job.pk]))

    def _publish(self, request: HttpRequest, report: CouncilReport) -> bool:
        try:
            services.report_publish(report=report, user=request.user)
        except ValidationError as error:
            self.message_user(request, f"{report}: {' '.join(error.messages)}", messages.ERROR)
            return False
        self.message_user(
            request, f"Published {report}. It will now read the same forever.", messages.SUCCESS
        )
        return True

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = get_object_or_404(CouncilReport, pk=pk)
        if not permissions.can_publish(request.user):
            self.message_user(request, "You may not publish packs.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:reports_councilreport_change", args=[pk]))
        if request.method == "POST":
            self._publish(request, report)
            return HttpResponseRedirect(reverse("admin:reports_councilreport_changelist"))
        context = {**self.admin_site.each_context(request), "report": report, "title": "Publish pack"}
        return TemplateResponse(request, "admin/reports/councilreport/publish.html", context)

    @admin.action(description="Publish the selected drafts (freeze them)")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[CouncilReport]) -> None:
        if not permissions.can_publish(request.user):
            self.message_user(request, "You may not publish packs.", messages.ERROR)
            return
        for report in queryset:
            if report.is_published:
                self.message_user(request, f"{report} is already published.", messages.WARNING)
                continue
            self._publish(request, report)


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ["format", "file", "size", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    list_display = ["report", "created_at"]
    fields = ["report", "schema", "created_at"]
    readonly_fields = fields
    inlines = [ReportFileInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
