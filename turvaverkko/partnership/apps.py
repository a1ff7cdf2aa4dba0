from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "turvaverkko.partnership"
    verbose_name = _("partnership tables")
    default_auto_field = "django.db.models.BigAutoField"
