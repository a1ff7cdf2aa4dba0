from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "turvaverkko.volunteers"
    default_auto_field = "django.db.models.BigAutoField"
