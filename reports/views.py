"""Report pages: the list of reports, each report's page and its files.

A published report is a public paper: anyone may read its page and download its files without
signing in. Drafts are visible only to officers and approvers; anyone else gets a 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from reports import permissions, selectors, services
from reports.models import CouncilReport, ExportFormat
from reports.render import html

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


def index(request: HttpRequest) -> HttpResponse:
    """Every pack the reader may see, latest period first, with its files."""
    drafts = permissions.can_see_drafts(request.user)
    packs = list(selectors.reports_visible(drafts=drafts))
    context = {"packs": packs, "formats": ExportFormat.choices, "shows_drafts": drafts}
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


def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The pack as PDF, Word or Excel: a published pack's stored file, or a draft rendered now."""
    if fmt not in ExportFormat.values:
        raise Http404("No such format")
    report = _pack_for(request, pk)
    content = services.report_export(report=report, formats=[fmt])[fmt]
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{services.file_name(report, fmt)}"'
    return response
