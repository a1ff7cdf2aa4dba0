from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "turvaverkko.directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import freshness
        from .ptv import importing  # noqa: F401  (registers the import target "ptv")

        freshness.connect()
