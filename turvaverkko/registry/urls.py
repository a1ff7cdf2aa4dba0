from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("organisations/", views.organization_list, name="list"),
    path("organisations/export.csv", views.organization_list, {"export": True}, name="list_csv"),
    path("organisations/new/", views.organization_create, name="create"),
    path("organisations/import/", views.import_upload, name="import"),
    path("organisations/imports/", views.import_list, name="import_list"),
    path(
        "organisations/imports/export.csv",
        views.import_list,
        {"export": True},
        name="import_list_csv",
    ),
    path("organisations/import/<uuid:pk>/", views.import_preview, name="import_preview"),
    path("organisations/import/<uuid:pk>/columns/", views.import_mapping, name="import_mapping"),
    path("organisations/import/<uuid:pk>/replace/", views.import_replace, name="import_replace"),
    path(
        "organisations/invitations/<str:token>/",
        views.accept_invitation,
        name="accept_invitation",
    ),
    path("organisations/<uuid:pk>/", views.organization_detail, name="detail"),
    path("organisations/<uuid:pk>/edit/", views.organization_edit, name="edit"),
    path("organisations/<uuid:pk>/confirm/", views.organization_confirm, name="confirm"),
    path("organisations/<uuid:pk>/invite/", views.invite_admin, name="invite"),
]
