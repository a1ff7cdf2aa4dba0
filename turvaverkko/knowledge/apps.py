from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "turvaverkko.knowledge"
    verbose_name = _("Projects and operating models")
    default_auto_field = "django.db.models.BigAutoField"
