from django.apps import AppConfig


class PreparednessConfig(AppConfig):
    name = "turvaverkko.preparedness"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers

        receivers.connect()
