"""System checks of notify's configuration (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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


@register(deploy=True)
def vapid_keys_check(app_configs, **kwargs) -> list[Warning]:
    """Without the VAPID key pair no push notification can be sent or subscribed to; every web
    and worker machine must have the same pair (docs/operations.md)."""
    if settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY:
        return []
    return [
        Warning(
            "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not both set: volunteers get no push "
            "notifications.",
            hint=(
                "Run `manage.py generate_vapid_keys` once and give every web and worker "
                "machine the same pair."
            ),
            id="turvaverkko.notify.W001",
        )
    ]
