from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """Outreach units (a service bus, a team) visiting directory sites on a timetable."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "turvaverkko.outreach"
    verbose_name = _("outreach")
