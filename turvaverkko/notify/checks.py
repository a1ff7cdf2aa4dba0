"""System checks of notify's configuration (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def inbound_sms_is_authenticated(app_configs, **kwargs):
    """In production the inbound SMS webhook must authenticate the gateway: without it
    anyone who knows a phone number could answer alerts in that person's name."""
    from .sms.security import is_configured

    if not settings.PRODUCTION or is_configured():
        return []
    return [
        Error(
            "The inbound SMS webhook (/hooks/sms/inbound) accepts unauthenticated requests.",
            hint="Set SMS_INBOUND_TOKEN and/or SMS_INBOUND_SIGNING_SECRET (see docs/security.md).",
            id="notify.E001",
        )
    ]
