"""System checks of notify that `manage.py check --deploy` runs."""

from django.conf import settings
from django.core.checks import Warning, register


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
