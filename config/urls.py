from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from core.audit_views import audit_view

admin.site.site_header = "Improvement dashboard administration"
admin.site.site_title = "Improvement dashboard"
admin.site.index_title = "Enter, approve and publish"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("", include("performance.urls")),
    path("", include("improvement.urls")),
    path("", include("options.urls")),
    # entry (issue 4): the audit trail, inside the admin's URL space and login.
    path(f"{settings.ADMIN_URL}audit/", admin.site.admin_view(audit_view), name="audit"),
    path("reports/", include("reports.urls")),
    path("", include("dashboard.urls")),  # Council report packs (issue 6)
    path(settings.ADMIN_URL, admin.site.urls),
]

# --- Friendly error pages (issue 7): rendered without the database; see core.errors ---
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
