from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "turvaverkko.web"
    default_auto_field = "django.db.models.BigAutoField"
