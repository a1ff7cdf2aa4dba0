from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("models/", views.model_list, name="models"),
    path("models.csv", views.models_csv, name="models_csv"),
    path("models.json", views.models_json, name="models_json"),
    path("models/new/", views.model_create, name="model_create"),
    path("models/<int:pk>/", views.model_detail, name="model_detail"),
    path("models/<int:pk>/edit/", views.model_edit, name="model_edit"),
    path("models/<int:pk>/confirm/", views.model_confirm, name="model_confirm"),
    path("models/<int:pk>/innokyla.txt", views.model_innokyla, name="model_innokyla"),
    path(
        "models/<int:pk>/implementations/new/",
        views.implementation_create,
        name="implementation_create",
    ),
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path(
        "projects/<int:pk>/stea/<int:year>/", views.project_stea_report, name="project_stea_report"
    ),
]
