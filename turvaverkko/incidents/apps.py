from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "turvaverkko.incidents"
    verbose_name = _("incidents")

    def ready(self):
        from . import receivers  # noqa: F401  (connects notify's failure signal)
