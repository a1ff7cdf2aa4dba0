from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "turvaverkko.incidents"
    default_auto_field = "django.db.models.BigAutoField"
