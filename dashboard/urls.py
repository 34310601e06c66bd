from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("measures/<slug:code>/", views.measure_detail, name="measure"),
]
