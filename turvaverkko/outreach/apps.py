from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """Outreach units (a service bus, a team) visiting directory sites on a timetable."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "turvaverkko.outreach"
    verbose_name = _("outreach")

    def ready(self) -> None:
        from turvaverkko.directory.hooks import register_hit_annotator

        from .nearme import annotate_next_visits

        register_hit_annotator(annotate_next_visits)
