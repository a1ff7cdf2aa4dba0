"""Language-neutral URLs: health checks (web/health.py), the redirect from / to a language."""

from django.urls import path

from . import health, views

urlpatterns = [
    path("healthz", health.live, name="healthz"),
    path("healthz/live", health.live, name="healthz-live"),
    path("healthz/ready", health.ready, name="healthz-ready"),
    path("healthz/workers", health.workers, name="healthz-workers"),
    path("", views.root_redirect, name="root"),
]
