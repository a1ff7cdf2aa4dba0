"""Named write operations of notify: queue a message for many recipients, record reports."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Channel, Delivery, Dispatch, InboundMessage
from .signals import delivery_failed_permanently, message_received


@dataclass(frozen=True)
class Message:
    """One recipient's copy of a message on one channel."""

    recipient_key: str  # the caller's name for the recipient: "volunteer:45", "contact:7"
    channel: str  # "email", "sms" or "push"
    address: str  # e-mail address, E.164 number or push subscription JSON
    body: str  # plain text; for SMS already composed (sms.text.compose_sms)
    subject: str = ""
    html: str = ""
    language: str = ""
    # Channel-specific extras (Delivery.data); push: {"url": …, "actions": [{action, title, url}]}
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Queued:
    dispatch: Dispatch
    new: int  # deliveries created by this call (0 when everything existed already)


def queue_deliveries(
    dispatch_key: str, messages: Iterable[Message], *, enqueue: bool = True
) -> Queued:
    """Create the delivery rows of a message (one per recipient and channel) and enqueue
    sending on commit. Idempotent: calling it again with the same key and recipients
    creates nothing and sends nothing twice; new recipients (a deputy) are added."""
    valid = set(Channel.values)
    rows = []
    for m in messages:
        if m.channel not in valid:
            raise ValueError(f"unknown channel {m.channel!r}")
        rows.append(m)
    with transaction.atomic():
        dispatch, _ = Dispatch.objects.get_or_create(key=dispatch_key)
        before = dispatch.deliveries.count()
        now = timezone.now()
        Delivery.objects.bulk_create(
            [
                Delivery(
                    dispatch=dispatch,
                    recipient_key=m.recipient_key,
                    channel=m.channel,
                    address=m.address,
                    subject=m.subject[:255],
                    body=m.body,
                    html=m.html,
                    language=m.language,
                    data=m.data,
                    created_at=now,
                    next_attempt_at=now,
                )
                for m in rows
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
        new = dispatch.deliveries.count() - before
        if enqueue and new:
            from . import tasks

            for channel in sorted({m.channel for m in rows}):
                transaction.on_commit(lambda ch=channel: tasks.deliver_pending.enqueue(channel=ch))
    return Queued(dispatch, new)


@transaction.atomic
def record_delivery_report(key: str, *, delivered: bool, error: str = "") -> Delivery | None:
    """A provider's delivery report (by the delivery's key): sent -> delivered or failed.

    Only a row already recorded as sent moves; a report that overtakes the worker's own
    record is ignored (GET /sms/{id} still tells the status)."""
    delivery = Delivery.objects.select_for_update().filter(key=key).first()
    if delivery is None or delivery.state != Delivery.State.SENT:
        return delivery
    now = timezone.now()
    if delivered:
        delivery.state, delivery.delivered_at = Delivery.State.DELIVERED, now
        delivery.save(update_fields=["state", "delivered_at"])
    else:
        delivery.state = Delivery.State.FAILED
        delivery.permanent_failure = True
        delivery.last_error = error[:2000] or "the provider reported it undeliverable"
        delivery.save(update_fields=["state", "permanent_failure", "last_error"])
        transaction.on_commit(
            lambda: delivery_failed_permanently.send(
                sender=Delivery, delivery=delivery, permanent=True
            )
        )
    return delivery


def receive_message(
    channel: str, sender: str, text: str, provider_id: str | None = None
) -> InboundMessage:
    """Store an inbound message and tell the apps (signals.message_received) in the same
    transaction, so a message is either stored and handled or neither. The same provider id
    twice is one message: the stored one is returned and nobody is told again."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    provider_id = provider_id or None
    with transaction.atomic():
        if provider_id:
            existing = InboundMessage.objects.filter(provider_id=provider_id).first()
            if existing:
                return existing
        try:
            with transaction.atomic():
                message = InboundMessage.objects.create(
                    channel=channel, sender=sender[:40], text=text, provider_id=provider_id
                )
        except IntegrityError:  # the same id arrived at the same moment on another worker
            return InboundMessage.objects.get(provider_id=provider_id)
        answers = message_received.send(sender=InboundMessage, message=message)
        outcome = next((str(a) for _receiver, a in answers if a), "")
        if outcome:
            message.outcome = outcome[:20]
            message.save(update_fields=["outcome"])
    return message
