from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapConfig(AppConfig):
    """FMI's CAP 1.2 weather warnings: an input that may lead a coordinator to open an
    incident (incidents reads cap; cap never imports incidents)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "turvaverkko.cap"
    verbose_name = _("weather warnings")
