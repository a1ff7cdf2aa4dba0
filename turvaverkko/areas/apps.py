from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "turvaverkko.areas"
    default_auto_field = "django.db.models.BigAutoField"
