from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("measures/<slug:code>/", views.measure_detail, name="measure"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
]
