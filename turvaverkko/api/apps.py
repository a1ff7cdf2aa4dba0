from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "turvaverkko.api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .hsds import importing  # noqa: F401  (registers the HSDS import target)
