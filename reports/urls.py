from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/print/", views.printable, name="print"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
]
