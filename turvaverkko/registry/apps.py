from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "turvaverkko.registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from turvaverkko.accounts.devices import require_two_factor_for_roles

        from .models import RoleAssignment

        # accounts asks every app that owns roles whether a user needs a second factor.
        require_two_factor_for_roles(RoleAssignment.requires_two_factor)
