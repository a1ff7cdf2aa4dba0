"""Language-neutral URLs: health check and the redirect from / to the user's language."""

from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.root_redirect, name="root"),
]
