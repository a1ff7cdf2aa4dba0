from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "turvaverkko.registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from turvaverkko.accounts.devices import require_two_factor_for_roles

        from . import importing  # noqa: F401  (registers the organisation import)
        from .models import RoleAssignment

        # accounts asks every app that owns roles whether a user needs a second factor.
        require_two_factor_for_roles(RoleAssignment.requires_two_factor)
