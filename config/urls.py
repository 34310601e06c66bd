from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as core_views

admin.site.site_header = "Improvement dashboard administration"
admin.site.site_title = "Improvement dashboard"
admin.site.index_title = "Enter, approve and publish"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("", include("performance.urls")),
    path("", include("improvement.urls")),
    path("", include("options.urls")),
    path("reports/", include("reports.urls")),  # Council report packs (issue 6)
    path(settings.ADMIN_URL, admin.site.urls),
]
