"""The site's URLs: public pages, the health check, Council reports, the admin and its audit trail."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from dashboard import views as dashboard_views
from dashboard.audit_views import audit_view

admin.site.site_header = "Improvement dashboard administration"
admin.site.site_title = "Improvement dashboard"
admin.site.index_title = "Enter, approve and publish"
# The index lists every model; without the sidebar repeating it, lists keep their columns on screen.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("", include("performance.urls")),
    path("", include("dashboard.urls")),
    path("", include("improvement.urls")),
    path("", include("options.urls")),
    # The audit trail, inside the admin's URL space and login.
    path(f"{settings.ADMIN_URL}audit/", admin.site.admin_view(audit_view), name="audit"),
    path("reports/", include("reports.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

# Friendly error pages, rendered without the database (see core.errors).
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
