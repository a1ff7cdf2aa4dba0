from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "turvaverkko.volunteers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers, signals  # noqa: F401  (connects the receivers)
