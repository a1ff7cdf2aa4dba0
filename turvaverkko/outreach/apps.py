from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """Outreach units (a service bus, a team) visiting directory sites on a timetable."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "turvaverkko.outreach"
    verbose_name = _("outreach")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from turvaverkko.directory.hooks import register_hit_annotator

        from .models import VisitSeries
        from .nearme import annotate_next_visits, forget_stops

        register_hit_annotator(annotate_next_visits)
        # A stop added or removed shows in the next search made through this process.
        post_save.connect(forget_stops, sender=VisitSeries, dispatch_uid="nearme_stops_save")
        post_delete.connect(forget_stops, sender=VisitSeries, dispatch_uid="nearme_stops_del")
