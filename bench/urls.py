"""The site's URLs plus a trivial view, served by the same process as the pages it is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """The floor: a Django view through the full middleware stack that does no work."""
    return HttpResponse("ok", content_type="text/plain")


def export_in_request(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The baseline for bench/jobs.py: one file rendered inside the request, with its own Chromium,
    as downloads worked before exports became jobs."""
    from reports import services
    from reports.models import CouncilReport

    report = CouncilReport.objects.get(pk=pk)
    content = services.report_export(report=report, formats=[fmt])[fmt]
    return HttpResponse(content, content_type="application/octet-stream")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/export-in-request/<int:pk>/<str:fmt>/", export_in_request),
    *site_urlpatterns,
]
