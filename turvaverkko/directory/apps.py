from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "turvaverkko.directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import freshness

        freshness.connect()
