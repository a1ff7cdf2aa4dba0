"""React to notify's push transport: keep volunteers' push subscriptions up to date.

The push transport reports each answer of a push service (notify.signals). A 404/410 means
the browser's subscription is gone, so it is marked failing and no later alert uses it; an
accepted message stamps it as working. The subscription is found by its endpoint, which is
in the delivery's address (the subscription JSON).
"""

import json

from django.dispatch import receiver

from turvaverkko.accounts.signals import password_reset_without_password
from turvaverkko.notify.signals import push_accepted, push_subscription_gone


def _endpoint(delivery) -> str | None:
    try:
        endpoint = json.loads(delivery.address).get("endpoint")
    except (ValueError, AttributeError):
        return None
    return endpoint if isinstance(endpoint, str) else None


@receiver(push_subscription_gone, dispatch_uid="volunteers.push_subscription_gone")
def on_push_subscription_gone(sender, delivery, **kwargs):
    from .actions import mark_push_failing

    if delivery.channel == "push" and (endpoint := _endpoint(delivery)):
        mark_push_failing(endpoint)


@receiver(push_accepted, dispatch_uid="volunteers.push_accepted")
def on_push_accepted(sender, delivery, **kwargs):
    from .actions import record_push_success

    if delivery.channel == "push" and (endpoint := _endpoint(delivery)):
        record_push_success(endpoint)


@receiver(
    password_reset_without_password, dispatch_uid="volunteers.password_reset_without_password"
)
def on_password_reset_without_password(sender, email, language, **kwargs):
    """ "Forgot your password?" from a volunteer, whose account has none: a sign-in link."""
    from .actions import request_sign_in_link

    request_sign_in_link(email, language, reason="forgot_password")
