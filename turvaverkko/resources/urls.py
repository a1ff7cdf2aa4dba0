from django.urls import path

from . import views

app_name = "resources"
urlpatterns = [
    path("resources/", views.resource_list, name="list"),
    path("resources/export.csv", views.resource_list, {"export": True}, name="list_csv"),
    path("resources/map.geojson", views.resource_geojson, name="geojson"),
    path("resources/new/", views.resource_create, name="create"),
    path("resources/<int:pk>/", views.resource_detail, name="detail"),
    path("resources/<int:pk>/edit/", views.resource_edit, name="edit"),
    path("resources/<int:pk>/confirm/", views.resource_confirm, name="confirm"),
]
