"""Pack pages: the list of drafts and published packs, the printable view and downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

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


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Every pack the reader may see, latest period first, with its files."""
    drafts = permissions.can_see_drafts(request.user)
    packs = list(selectors.reports_visible(drafts=drafts))
    context = {"packs": packs, "formats": ExportFormat.choices, "shows_drafts": drafts}
    return render(request, "reports/index.html", context)


@login_required
def printable(request: HttpRequest, pk: int) -> HttpResponse:
    """The pack as one printable page, rendered from its snapshot once published."""
    report = _pack_for(request, pk)
    return HttpResponse(html.render(services.report_data(report), mode="web", draft=not report.is_published))


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The pack as PDF, Word or Excel: a published pack's stored file, or a draft rendered now."""
    if fmt not in ExportFormat.values:
        raise Http404("No such format")
    report = _pack_for(request, pk)
    content = services.report_export(report=report, formats=[fmt])[fmt]
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{services.file_name(report, fmt)}"'
    return response
