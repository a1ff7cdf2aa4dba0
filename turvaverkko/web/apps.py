from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "turvaverkko.web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (the notify workers' heartbeats)
