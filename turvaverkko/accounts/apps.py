from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "turvaverkko.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib import admin

        from . import checks  # noqa: F401  (registers the system checks)
        from .admin import TwoFactorAdminSite

        # The default admin site keeps its name and registry; only its class changes, so
        # that /admin/ lets in staff only after the second factor (django-otp).
        admin.site.__class__ = TwoFactorAdminSite
