from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "turvaverkko.core"
    label = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import indicators

        indicators.autodiscover()
