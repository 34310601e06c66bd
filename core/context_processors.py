"""Template context available on every page."""

from django.conf import settings
from django.http import HttpRequest

# The public pages in the navigation: (label, URL name, URL names that count as inside it).
NAVIGATION = (
    ("Overview", "home", {"home"}),
    ("Timeline", "improvement:timeline", {"improvement:timeline"}),
    ("Themes and actions", "improvement:themes", {"improvement:themes", "improvement:action"}),
    ("Measures", "performance:scorecard", {"performance:scorecard", "dashboard:measure"}),
    ("Priorities", "improvement:priorities", {"improvement:priorities", "improvement:priorities_year"}),
    ("Options appraisal", "options:appraisal", {"options:appraisal"}),
    # Public: anyone reads the published reports; officers and approvers see drafts too.
    ("Reports to Council", "reports:index", {"reports:index", "reports:print"}),
)


def site(request: HttpRequest) -> dict[str, object]:
    """Return the council's name, the admin path and the navigation with the current section marked."""
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {
        "council_name": settings.COUNCIL_NAME,
        "admin_path": "/" + settings.ADMIN_URL,
        "navigation": [(label, name, current in names) for label, name, names in NAVIGATION],
    }
