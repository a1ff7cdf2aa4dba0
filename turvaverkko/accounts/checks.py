"""System checks of the sign-in settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def two_factor_required_in_production(app_configs, **kwargs):
    """Coordinators see volunteers' contact details and send alerts: in production a stolen
    password alone must not be enough (OWASP ASVS 2.2)."""
    if settings.PRODUCTION and not settings.REQUIRE_2FA:
        return [
            Error(
                "REQUIRE_2FA is false in production: coordinators and admins could sign in "
                "with a password alone.",
                hint="Remove REQUIRE_2FA=false from the production environment.",
                id="accounts.E001",
            )
        ]
    return []
