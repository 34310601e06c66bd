from django.urls import path

from improvement import views

app_name = "improvement"

urlpatterns = [
    path("timeline/", views.timeline, name="timeline"),
    path("themes/", views.themes, name="themes"),
    path("actions/<slug:code>/", views.action_detail, name="action"),
    path("priorities/", views.priorities, name="priorities"),
    path("priorities/<int:year>/", views.priorities, name="priorities_year"),
]
