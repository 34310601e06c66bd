from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/print/", views.printable, name="print"),
    path("<int:pk>/export/", views.export, name="export"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
    path("<int:pk>/drafts/<int:job_id>/<str:fmt>/", views.draft_download, name="draft_download"),
]
