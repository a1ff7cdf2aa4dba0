"""Web Push (VAPID) with pywebpush.

The address is the browser's PushSubscription as JSON. The payload carries the delivery's
key as the notification tag, so a message sent twice (after a killed worker) replaces the
notification on the device instead of showing a second one; the Topic header lets the push
service replace a copy it has not yet delivered. Push services offer no way to ask whether
they already took a message, so there is no lookup.

The payload is JSON: {"title", "body", "tag", "lang"} and, from the delivery's `data`,
"url" (the page a tap on the notification opens) and "actions" (answer buttons, each
{"action", "title", "url"}); the service worker (volunteers/static/volunteers/sw.js) reads it.

pywebpush is imported only when a message is sent; without it, or without VAPID keys,
every push delivery fails at once as a permanent error that says so. The push service's
answer is also reported through notify.signals (push_accepted, push_subscription_gone), so
the owner of the subscription can tell a working device from a gone one.
"""

import json

from django.conf import settings

from ..signals import push_accepted, push_subscription_gone
from ..transports import Transport, TransportError

# Keys of Delivery.data that go into the payload.
PAYLOAD_DATA_KEYS = ("url", "actions")
# The push service's answers that mean the subscription is gone for good (RFC 8030 8.3).
GONE = (404, 410)

TTL_SECONDS = 12 * 3600


class PushTransport(Transport):
    channel = "push"

    def send(self, delivery) -> str:
        if not (settings.VAPID_PRIVATE_KEY and settings.VAPID_PUBLIC_KEY):
            raise TransportError("push not configured (VAPID keys are empty)", permanent=True)
        try:
            from pywebpush import WebPushException, webpush
        except ImportError as exc:
            raise TransportError(
                "push not available: the pywebpush package is not installed", permanent=True
            ) from exc
        try:
            subscription = json.loads(delivery.address)
        except ValueError as exc:
            raise TransportError("push subscription is not valid JSON", permanent=True) from exc
        payload = json.dumps(payload_of(delivery), ensure_ascii=False)
        try:
            response = webpush(
                subscription_info=subscription,
                data=payload,
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.VAPID_CLAIM_EMAIL},
                ttl=TTL_SECONDS,
                headers={"Topic": delivery.key.hex[:32], "Urgency": "high"},
                timeout=self.timeout,
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in GONE:
                push_subscription_gone.send_robust(sender=type(self), delivery=delivery)
            # 404/410: the subscription is gone; 400/413: this message can never be sent.
            permanent = status in (400, 404, 410, 413)
            raise TransportError(
                f"push service answered {status}: {exc}",
                permanent=permanent,
                maybe_sent=status is None or status >= 500,
            ) from exc
        except Exception as exc:  # network errors from requests inside pywebpush
            raise TransportError(f"push failed: {exc!r}") from exc
        # send_robust: a receiver's error must not turn an accepted message into a failure
        # (which would be retried and shown twice).
        push_accepted.send_robust(sender=type(self), delivery=delivery)
        return response.headers.get("Location", "")[:200] if response is not None else ""


def payload_of(delivery) -> dict:
    payload = {
        "title": delivery.subject,
        "body": delivery.body,
        "tag": str(delivery.key),
        "lang": delivery.language,
    }
    data = getattr(delivery, "data", None) or {}
    payload.update({k: data[k] for k in PAYLOAD_DATA_KEYS if k in data})
    return payload
