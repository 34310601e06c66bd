"""The site's URLs plus views that only tests reach: an upload, a crash and a lost database."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns

SEEN_UPLOADS: list[str] = []


def upload(request: HttpRequest) -> JsonResponse:
    """Record where each uploaded file was spooled, as an import view would read it."""
    for uploaded in request.FILES.values():
        SEEN_UPLOADS.append(getattr(uploaded, "temporary_file_path", lambda: "")())
    return JsonResponse({"files": len(request.FILES)})


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug with a secret in its message")


def lost_database(request: HttpRequest) -> HttpResponse:
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [
    path("test/upload/", upload),
    path("test/crash/", crash),
    path("test/lost-database/", lost_database),
    *site_urlpatterns,
]
