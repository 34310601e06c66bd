"""Report pages: the list of reports, each report's page and its files.

A published report is a public paper: anyone may read its page and download its files without
signing in. Drafts are visible only to officers and approvers; anyone else gets a 404. Making the
files runs as a job that signed-in staff start.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from reports import permissions, selectors, services
from reports.models import CouncilReport, ExportFormat, ReportFile
from reports.render import html
from reports.tasks import pack_export_start

CONTENT_TYPES = {
    ExportFormat.PDF: "application/pdf",
    ExportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _pack_for(request: HttpRequest, pk: int) -> CouncilReport:
    """Return the pack if the reader may see it; a draft is invisible (404) to councillors."""
    report = get_object_or_404(CouncilReport.objects.select_related("snapshot"), pk=pk)
    if not report.is_published and not permissions.can_see_drafts(request.user):
        raise Http404("No such pack")
    return report


def _format(fmt: str) -> str:
    if fmt not in ExportFormat.values:
        raise Http404("No such format")
    return fmt


def index(request: HttpRequest) -> HttpResponse:
    """Every pack the reader may see, latest period first, with its files or the export under way."""
    drafts = permissions.can_see_drafts(request.user)
    packs = list(selectors.reports_visible(drafts=drafts))
    under_way = selectors.exports_under_way(packs)
    rows = [{"pack": p, "ready": selectors.all_stored(p), "job": under_way.get(p.pk)} for p in packs]
    context = {"rows": rows, "formats": ExportFormat.choices, "shows_drafts": drafts}
    return render(request, "reports/index.html", context)


def printable(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as one accessible page, rendered from its snapshot once published."""
    report = _pack_for(request, pk)
    links = {
        "index": reverse("reports:index"),
        "files": [
            {"url": reverse("reports:download", args=[pk, fmt]), "label": label}
            for fmt, label in ExportFormat.choices
        ],
    }
    page = html.render(services.report_data(report), mode="web", draft=not report.is_published, links=links)
    return HttpResponse(page)


@login_required
@require_POST
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """Start making the pack's PDF, Word and Excel files (or join the export under way); show its job."""
    report = _pack_for(request, pk)
    job, _ = pack_export_start(report=report, user=request.user)
    return redirect("dashboard:job", pk=job.pk)


def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The pack as PDF, Word or Excel: a published pack's stored file (made and stored once, on
    the first request, if no export has made it yet), or a draft rendered now."""
    fmt = _format(fmt)
    report = _pack_for(request, pk)
    stored = ReportFile.objects.filter(snapshot__report=report, format=fmt).first()
    if stored is not None:
        return _file(stored.file.open("rb"), fmt, services.file_name(report, fmt))
    content = services.report_export(report=report, formats=[fmt])[fmt]
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{services.file_name(report, fmt)}"'
    return response
    report = _pack_for(request, pk)
    job, _ = pack_export_start(report=report, user=request.user)
    return redirect("dashboard:job", pk=job.pk)


@login_required
def draft_download(request: HttpRequest, pk: int, job_id: int, fmt: str) -> HttpResponse:
    """A draft's file as one export made it (officers only)."""
    fmt = _format(fmt)
    report = _pack_for(request, pk)
    path = services.draft_file_path(report, str(job_id), fmt)
    if report.is_published or not default_storage.exists(path):
        raise Http404("No such draft file")
    return _file(default_storage.open(path, "rb"), fmt, services.file_name(report, fmt))


def _file(handle, fmt: str, name: str) -> HttpResponse:
    return FileResponse(handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])
