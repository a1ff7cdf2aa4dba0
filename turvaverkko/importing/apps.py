from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "turvaverkko.importing"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "importing"
