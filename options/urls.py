from django.urls import path

from options import views

app_name = "options"

urlpatterns = [path("options/", views.appraisal, name="appraisal")]
