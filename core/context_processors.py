"""Template context available on every page."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """Return the council's name and the admin path for the page chrome."""
    return {"council_name": settings.COUNCIL_NAME, "admin_path": "/" + settings.ADMIN_URL}
