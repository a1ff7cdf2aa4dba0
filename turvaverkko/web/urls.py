from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
]
